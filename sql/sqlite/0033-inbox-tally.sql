-- Issue 16: a leader's inbox counts kept on write, so that they cost what
-- the organisation's size costs, not what its open dossiers do. Every open
-- dossier (the inbox's states) counts once in inbox_tally, keyed by its
-- receiving unit (the agency tree it belongs to), state, step unit and
-- whether it has an assignee (the pool): "all", "waiting" and "pool" of a
-- whole agency are sums of these rows. Every dossier that can be overdue
-- (received, in process or submitted, with a due time) counts once in
-- inbox_due by the UTC day of its effective due time (the inbox's
-- DUE_EXPR): "overdue" is the days before today from here plus today's
-- range of dossiers_open_due. `part` (the dossier id modulo 4) spreads the
-- writes of one unit and state over four rows, so that concurrent
-- transactions of PostgreSQL rarely update the same row. Rows that fall
-- to zero go. The triggers below are the only writers, in the same
-- transaction as the change; repo_dossiers.c reads.
CREATE TABLE inbox_tally (
  unit_id INTEGER NOT NULL,
  state TEXT NOT NULL,
  step_unit_id INTEGER NOT NULL,
  pooled INTEGER NOT NULL,
  part INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (unit_id, state, step_unit_id, pooled, part)
) WITHOUT ROWID;
CREATE TABLE inbox_due (
  unit_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  part INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (unit_id, day, part)
) WITHOUT ROWID;
INSERT INTO inbox_tally (unit_id, state, step_unit_id, pooled, part, n)
  SELECT receiving_unit_id, state, COALESCE(step_unit_id, 0), assignee_id IS NULL, id % 4,
    COUNT(*)
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

CREATE TRIGGER inbox_tally_insert AFTER INSERT ON dossiers
  WHEN NEW.state IN ('submitted', 'received', 'in_process', 'awaiting_supplement',
    'awaiting_payment', 'result_ready')
BEGIN
  INSERT INTO inbox_tally (unit_id, state, step_unit_id, pooled, part, n)
    VALUES (NEW.receiving_unit_id, NEW.state, COALESCE(NEW.step_unit_id, 0),
      NEW.assignee_id IS NULL, NEW.id % 4, 1)
    ON CONFLICT (unit_id, state, step_unit_id, pooled, part) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER inbox_tally_delete AFTER DELETE ON dossiers
  WHEN OLD.state IN ('submitted', 'received', 'in_process', 'awaiting_supplement',
    'awaiting_payment', 'result_ready')
BEGIN
  UPDATE inbox_tally SET n = n - 1 WHERE unit_id = OLD.receiving_unit_id
    AND state = OLD.state AND step_unit_id = COALESCE(OLD.step_unit_id, 0)
    AND pooled = (OLD.assignee_id IS NULL) AND part = OLD.id % 4;
  DELETE FROM inbox_tally WHERE unit_id = OLD.receiving_unit_id
    AND state = OLD.state AND step_unit_id = COALESCE(OLD.step_unit_id, 0)
    AND pooled = (OLD.assignee_id IS NULL) AND part = OLD.id % 4 AND n = 0;
END;
CREATE TRIGGER inbox_tally_update
  AFTER UPDATE OF state, receiving_unit_id, step_unit_id, assignee_id ON dossiers
  WHEN OLD.state IS NOT NEW.state OR OLD.receiving_unit_id IS NOT NEW.receiving_unit_id
    OR COALESCE(OLD.step_unit_id, 0) <> COALESCE(NEW.step_unit_id, 0)
    OR (OLD.assignee_id IS NULL) <> (NEW.assignee_id IS NULL)
BEGIN
  UPDATE inbox_tally SET n = n - 1 WHERE unit_id = OLD.receiving_unit_id
    AND state = OLD.state AND step_unit_id = COALESCE(OLD.step_unit_id, 0)
    AND pooled = (OLD.assignee_id IS NULL) AND part = OLD.id % 4;
  DELETE FROM inbox_tally WHERE unit_id = OLD.receiving_unit_id
    AND state = OLD.state AND step_unit_id = COALESCE(OLD.step_unit_id, 0)
    AND pooled = (OLD.assignee_id IS NULL) AND part = OLD.id % 4 AND n = 0;
  INSERT INTO inbox_tally (unit_id, state, step_unit_id, pooled, part, n)
    SELECT NEW.receiving_unit_id, NEW.state, COALESCE(NEW.step_unit_id, 0),
      NEW.assignee_id IS NULL, NEW.id % 4, 1
    WHERE NEW.state IN ('submitted', 'received', 'in_process', 'awaiting_supplement',
      'awaiting_payment', 'result_ready')
    ON CONFLICT (unit_id, state, step_unit_id, pooled, part) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER inbox_due_insert AFTER INSERT ON dossiers
  WHEN NEW.state IN ('submitted', 'received', 'in_process')
    AND COALESCE(NEW.extended_due_at, NEW.due_at, NEW.step_due_at) IS NOT NULL
BEGIN
  INSERT INTO inbox_due (unit_id, day, part, n)
    VALUES (NEW.receiving_unit_id,
      COALESCE(NEW.extended_due_at, NEW.due_at, NEW.step_due_at) / 86400000, NEW.id % 4, 1)
    ON CONFLICT (unit_id, day, part) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER inbox_due_delete AFTER DELETE ON dossiers
  WHEN OLD.state IN ('submitted', 'received', 'in_process')
    AND COALESCE(OLD.extended_due_at, OLD.due_at, OLD.step_due_at) IS NOT NULL
BEGIN
  UPDATE inbox_due SET n = n - 1 WHERE unit_id = OLD.receiving_unit_id
    AND day = COALESCE(OLD.extended_due_at, OLD.due_at, OLD.step_due_at) / 86400000
    AND part = OLD.id % 4;
  DELETE FROM inbox_due WHERE unit_id = OLD.receiving_unit_id
    AND day = COALESCE(OLD.extended_due_at, OLD.due_at, OLD.step_due_at) / 86400000
    AND part = OLD.id % 4 AND n = 0;
END;
-- The key of a dossier here: NULL when it is not counted.
CREATE TRIGGER inbox_due_update
  AFTER UPDATE OF state, receiving_unit_id, extended_due_at, due_at, step_due_at ON dossiers
  WHEN (CASE WHEN OLD.state IN ('submitted', 'received', 'in_process')
      THEN COALESCE(OLD.extended_due_at, OLD.due_at, OLD.step_due_at) / 86400000 END)
    IS NOT (CASE WHEN NEW.state IN ('submitted', 'received', 'in_process')
      THEN COALESCE(NEW.extended_due_at, NEW.due_at, NEW.step_due_at) / 86400000 END)
    OR OLD.receiving_unit_id IS NOT NEW.receiving_unit_id
BEGIN
  UPDATE inbox_due SET n = n - 1 WHERE unit_id = OLD.receiving_unit_id
    AND day = COALESCE(OLD.extended_due_at, OLD.due_at, OLD.step_due_at) / 86400000
    AND part = OLD.id % 4 AND OLD.state IN ('submitted', 'received', 'in_process');
  DELETE FROM inbox_due WHERE unit_id = OLD.receiving_unit_id
    AND day = COALESCE(OLD.extended_due_at, OLD.due_at, OLD.step_due_at) / 86400000
    AND part = OLD.id % 4 AND n = 0;
  INSERT INTO inbox_due (unit_id, day, part, n)
    SELECT NEW.receiving_unit_id,
      COALESCE(NEW.extended_due_at, NEW.due_at, NEW.step_due_at) / 86400000, NEW.id % 4, 1
    WHERE NEW.state IN ('submitted', 'received', 'in_process')
      AND COALESCE(NEW.extended_due_at, NEW.due_at, NEW.step_due_at) IS NOT NULL
    ON CONFLICT (unit_id, day, part) DO UPDATE SET n = n + 1;
END;
