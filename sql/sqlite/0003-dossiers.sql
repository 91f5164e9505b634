-- Dossiers, events and counters (issue 4): filled by the lifecycle work.
SELECT 1;
