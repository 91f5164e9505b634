-- Files, the applicant's data store, signed results, archive (issue 5): filled by the documents work.
SELECT 1;
