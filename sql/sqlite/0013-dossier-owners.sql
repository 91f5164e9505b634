-- "My dossiers" by owner (issue 10, DOMAIN.md section 15): an account
-- verified for an ID number or tax code lists the dossiers owned by it,
-- whoever submitted them. The owner is the one named on the dossier, else
-- its applicant; tax codes are compared without a branch's dash, so those
-- columns are indexed by the same expression the query uses.
CREATE INDEX dossiers_owner_id ON dossiers (owner_id_number);
CREATE INDEX dossiers_owner_tax ON dossiers (REPLACE(owner_tax_code, '-', ''));
CREATE INDEX dossiers_submitter_id ON dossiers (submitter_id_number);
CREATE INDEX dossiers_submitter_tax ON dossiers (REPLACE(submitter_tax_code, '-', ''));
