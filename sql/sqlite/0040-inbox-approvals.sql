-- Issue 16: a leader's approvals box at a million dossiers. The box is
-- the dossiers with an extension pending, or in process at a leader's step,
-- not yet approved, with a draft result; the inbox tested that on every
-- open dossier, reading each row and its draft (85 ms a page at 30,000
-- open). awaiting_approval keeps that condition on the row (1 or 0), so
-- that the page and its count walk dossiers_awaiting, which holds only the
-- rows awaiting. The triggers below are its only writers, in the
-- transaction of the change: on dossiers when a column of the condition
-- changes (or the flag is written directly: it is put right), on
-- result_drafts when a draft comes or goes. Its first column is the flag itself, so that SQLite's
-- planner, without statistics, sees an equality and prefers this index to
-- the walk of dossiers_open_due; the rest is that index's order and the
-- columns the inbox's visibility reads. repo_dossiers.c's INBOX_APPROVALS
-- reads it; AWAITING below must stay the condition there.
ALTER TABLE dossiers ADD COLUMN awaiting_approval INTEGER NOT NULL DEFAULT 0
  CHECK (awaiting_approval IN (0, 1));
CREATE INDEX dossiers_awaiting ON dossiers (awaiting_approval,
  COALESCE(extended_due_at, due_at, step_due_at, 9223372036854775807), id,
  state, receiving_unit_id, assignee_id, step_unit_id, step_role, procedure_code)
  WHERE awaiting_approval = 1;
UPDATE dossiers SET awaiting_approval = 1
  WHERE extension = 'pending' OR (state = 'in_process' AND approved = 0
    AND step_role = 'leader' AND EXISTS (SELECT 1 FROM result_drafts r
      WHERE r.dossier_id = dossiers.id));

CREATE TRIGGER dossiers_awaiting_insert AFTER INSERT ON dossiers
  WHEN NEW.awaiting_approval IS NOT (CASE WHEN NEW.extension = 'pending'
    OR (NEW.state = 'in_process' AND NEW.approved = 0 AND NEW.step_role = 'leader'
      AND EXISTS (SELECT 1 FROM result_drafts r WHERE r.dossier_id = NEW.id))
    THEN 1 ELSE 0 END)
BEGIN
  UPDATE dossiers SET awaiting_approval = 1 - NEW.awaiting_approval WHERE id = NEW.id;
END;
CREATE TRIGGER dossiers_awaiting_update
  AFTER UPDATE OF extension, state, approved, step_role, awaiting_approval ON dossiers
  WHEN NEW.awaiting_approval IS NOT (CASE WHEN NEW.extension = 'pending'
    OR (NEW.state = 'in_process' AND NEW.approved = 0 AND NEW.step_role = 'leader'
      AND EXISTS (SELECT 1 FROM result_drafts r WHERE r.dossier_id = NEW.id))
    THEN 1 ELSE 0 END)
BEGIN
  UPDATE dossiers SET awaiting_approval = 1 - NEW.awaiting_approval WHERE id = NEW.id;
END;
-- A draft that comes or goes: the dossier's flag is written to itself, and
-- dossiers_awaiting_update evaluates it again.
CREATE TRIGGER result_drafts_awaiting_insert AFTER INSERT ON result_drafts
BEGIN
  UPDATE dossiers SET awaiting_approval = awaiting_approval WHERE id = NEW.dossier_id;
END;
CREATE TRIGGER result_drafts_awaiting_delete AFTER DELETE ON result_drafts
BEGIN
  UPDATE dossiers SET awaiting_approval = awaiting_approval WHERE id = OLD.dossier_id;
END;
CREATE TRIGGER result_drafts_awaiting_move AFTER UPDATE OF dossier_id ON result_drafts
BEGIN
  UPDATE dossiers SET awaiting_approval = awaiting_approval
    WHERE id IN (OLD.dossier_id, NEW.dossier_id);
END;
