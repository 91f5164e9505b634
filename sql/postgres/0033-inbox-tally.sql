-- Issue 16: a leader's inbox counts kept on write: see sql/sqlite/0033.
-- The same tables; one trigger function takes the old row's keys out and
-- puts the new row's in, touching a table only when its key changed.
CREATE TABLE inbox_tally (
  unit_id BIGINT NOT NULL,
  state TEXT NOT NULL,
  step_unit_id BIGINT NOT NULL,
  pooled INTEGER NOT NULL,
  part INTEGER NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (unit_id, state, step_unit_id, pooled, part)
);
CREATE TABLE inbox_due (
  unit_id BIGINT NOT NULL,
  day BIGINT NOT NULL,
  part INTEGER NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (unit_id, day, part)
);
INSERT INTO inbox_tally (unit_id, state, step_unit_id, pooled, part, n)
  SELECT receiving_unit_id, state, COALESCE(step_unit_id, 0),
    CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END, id % 4, COUNT(*)
  FROM dossiers
  WHERE state IN ('submitted', 'received', 'in_process', 'awaiting_supplement',
    'awaiting_payment', 'result_ready')
  GROUP BY 1, 2, 3, 4, 5;
INSERT INTO inbox_due (unit_id, day, part, n)
  SELECT receiving_unit_id, COALESCE(extended_due_at, due_at, step_due_at) / 86400000, id % 4,
    COUNT(*)
  FROM dossiers
  WHERE state IN ('submitted', 'received', 'in_process')
    AND COALESCE(extended_due_at, due_at, step_due_at) IS NOT NULL
  GROUP BY 1, 2, 3;

CREATE FUNCTION inbox_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  open_states CONSTANT TEXT[] := ARRAY['submitted', 'received', 'in_process',
    'awaiting_supplement', 'awaiting_payment', 'result_ready'];
  due_states CONSTANT TEXT[] := ARRAY['submitted', 'received', 'in_process'];
  -- Each row's keys, NULL where it is not counted.
  o_state TEXT; o_pool INTEGER; o_step BIGINT; o_day BIGINT;
  n_state TEXT; n_pool INTEGER; n_step BIGINT; n_day BIGINT;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.state = ANY (open_states) THEN
    o_state := OLD.state;
    o_pool := CASE WHEN OLD.assignee_id IS NULL THEN 1 ELSE 0 END;
    o_step := COALESCE(OLD.step_unit_id, 0);
    IF OLD.state = ANY (due_states) THEN
      o_day := COALESCE(OLD.extended_due_at, OLD.due_at, OLD.step_due_at) / 86400000;
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.state = ANY (open_states) THEN
    n_state := NEW.state;
    n_pool := CASE WHEN NEW.assignee_id IS NULL THEN 1 ELSE 0 END;
    n_step := COALESCE(NEW.step_unit_id, 0);
    IF NEW.state = ANY (due_states) THEN
      n_day := COALESCE(NEW.extended_due_at, NEW.due_at, NEW.step_due_at) / 86400000;
    END IF;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.receiving_unit_id = NEW.receiving_unit_id
     AND o_state IS NOT DISTINCT FROM n_state AND o_pool IS NOT DISTINCT FROM n_pool
     AND o_step IS NOT DISTINCT FROM n_step THEN
    o_state := NULL; -- the same key: this table is left alone
    n_state := NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.receiving_unit_id = NEW.receiving_unit_id
     AND o_day IS NOT DISTINCT FROM n_day THEN
    o_day := NULL;
    n_day := NULL;
  END IF;
  IF o_state IS NOT NULL THEN
    UPDATE inbox_tally SET n = n - 1 WHERE unit_id = OLD.receiving_unit_id AND state = o_state
      AND step_unit_id = o_step AND pooled = o_pool AND part = OLD.id % 4;
    DELETE FROM inbox_tally WHERE unit_id = OLD.receiving_unit_id AND state = o_state
      AND step_unit_id = o_step AND pooled = o_pool AND part = OLD.id % 4 AND n = 0;
  END IF;
  IF n_state IS NOT NULL THEN
    INSERT INTO inbox_tally (unit_id, state, step_unit_id, pooled, part, n)
      VALUES (NEW.receiving_unit_id, n_state, n_step, n_pool, NEW.id % 4, 1)
      ON CONFLICT (unit_id, state, step_unit_id, pooled, part)
      DO UPDATE SET n = inbox_tally.n + 1;
  END IF;
  IF o_day IS NOT NULL THEN
    UPDATE inbox_due SET n = n - 1
      WHERE unit_id = OLD.receiving_unit_id AND day = o_day AND part = OLD.id % 4;
    DELETE FROM inbox_due
      WHERE unit_id = OLD.receiving_unit_id AND day = o_day AND part = OLD.id % 4 AND n = 0;
  END IF;
  IF n_day IS NOT NULL THEN
    INSERT INTO inbox_due (unit_id, day, part, n)
      VALUES (NEW.receiving_unit_id, n_day, NEW.id % 4, 1)
      ON CONFLICT (unit_id, day, part) DO UPDATE SET n = inbox_due.n + 1;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER inbox_tally_insert AFTER INSERT OR DELETE ON dossiers
  FOR EACH ROW EXECUTE FUNCTION inbox_tally_change();
CREATE TRIGGER inbox_tally_update
  AFTER UPDATE OF state, receiving_unit_id, step_unit_id, assignee_id, extended_due_at, due_at,
    step_due_at ON dossiers
  FOR EACH ROW
  WHEN (OLD.state IS DISTINCT FROM NEW.state
    OR OLD.receiving_unit_id IS DISTINCT FROM NEW.receiving_unit_id
    OR OLD.step_unit_id IS DISTINCT FROM NEW.step_unit_id
    OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
    OR OLD.extended_due_at IS DISTINCT FROM NEW.extended_due_at
    OR OLD.due_at IS DISTINCT FROM NEW.due_at
    OR OLD.step_due_at IS DISTINCT FROM NEW.step_due_at)
  EXECUTE FUNCTION inbox_tally_change();
