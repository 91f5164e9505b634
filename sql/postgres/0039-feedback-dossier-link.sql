-- Issue 14: a feedback item's link to a dossier counts against that
-- dossier (766.5.4 and the monitoring) only when the link is known to be
-- true: the sender is the dossier's applicant (logged in, its owner), the
-- desk or the Office recorded the item, or the Office confirmed the link
-- after checking. Anyone could type another's dossier code and lower its
-- score. An unconfirmed link is kept and shown to the Office. Items
-- already stored: a desk's record, or a sender whose account submitted
-- the dossier, count; the others wait for the Office.
ALTER TABLE feedback ADD COLUMN dossier_confirmed INTEGER NOT NULL DEFAULT 0;
UPDATE feedback SET dossier_confirmed = 1 WHERE dossier_id IS NOT NULL AND (created_by IS NOT NULL
  OR sender_user_id = (SELECT d.applicant_user_id FROM dossiers d WHERE d.id = feedback.dossier_id));
