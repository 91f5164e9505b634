-- Issue 16: a leader's approvals box at a million dossiers. The box is
-- the dossiers with an extension pending, or in process at a leader's step,
-- not yet approved, with a draft result; the inbox tested that on every
-- open dossier, reading each row and its draft (29-46 ms of CPU a request
-- at 30,000 open). awaiting_approval keeps that condition on the row (1 or
-- 0), so that the page and its count walk dossiers_awaiting, which holds
-- only the rows awaiting. The triggers below are its only writers, in the
-- transaction of the change: before a dossier is written with a column of
-- the condition (or the flag itself: it is put right), and after a draft
-- comes or goes, by writing the dossier's flag to itself. The index's
-- first column is the flag, as in the SQLite migration; the rest is the
-- order of dossiers_open_due and the columns the inbox's visibility reads.
-- repo_dossiers.c's INBOX_APPROVALS reads it; the function below must stay
-- the condition there. The index is built before the fill: built after it,
-- over the rows the fill had just updated in the same transaction, it was
-- marked for use only once every transaction older than the migration had
-- ended (pg_index.indcheckxmin), and a long one in another database of the
-- cluster kept the planner off it.
ALTER TABLE dossiers ADD COLUMN awaiting_approval INTEGER NOT NULL DEFAULT 0
  CHECK (awaiting_approval IN (0, 1));
CREATE INDEX dossiers_awaiting ON dossiers (awaiting_approval,
  (COALESCE(extended_due_at, due_at, step_due_at, 9223372036854775807)), id)
  INCLUDE (state, receiving_unit_id, assignee_id, step_unit_id, step_role, procedure_code,
    extended_due_at, due_at, step_due_at)
  WHERE awaiting_approval = 1;
UPDATE dossiers SET awaiting_approval = 1
  WHERE extension = 'pending' OR (state = 'in_process' AND approved = 0
    AND step_role = 'leader' AND EXISTS (SELECT 1 FROM result_drafts r
      WHERE r.dossier_id = dossiers.id));

CREATE FUNCTION dossiers_awaiting_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.awaiting_approval := CASE WHEN NEW.extension = 'pending' OR (NEW.state = 'in_process'
    AND NEW.approved = 0 AND NEW.step_role = 'leader' AND EXISTS (SELECT 1 FROM
    result_drafts r WHERE r.dossier_id = NEW.id)) THEN 1 ELSE 0 END;
  RETURN NEW;
END;
$$;
CREATE TRIGGER dossiers_awaiting
  BEFORE INSERT OR UPDATE OF extension, state, approved, step_role, awaiting_approval
  ON dossiers FOR EACH ROW EXECUTE FUNCTION dossiers_awaiting_set();

CREATE FUNCTION result_drafts_awaiting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE dossiers SET awaiting_approval = awaiting_approval WHERE id = OLD.dossier_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE dossiers SET awaiting_approval = awaiting_approval WHERE id = NEW.dossier_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER result_drafts_awaiting
  AFTER INSERT OR DELETE OR UPDATE OF dossier_id ON result_drafts
  FOR EACH ROW EXECUTE FUNCTION result_drafts_awaiting();
