-- Monitoring aggregates (issue 12, "Speed"). The indicators and the
-- periodic report of a scope and a period are sums over kpi_agg rows, not
-- walks over the dossiers:
--   kpi_agg: one counter (fact, core/kpi_agg.c's registry) per day (grain 0,
--     bucket = local day number) and per month (grain 1, bucket = year * 12 +
--     month - 1), per unit (the processing unit of a dossier, the unit of a
--     ticket or rating) and procedure version (0 for tickets and ratings);
--   kpi_subjects: what each dossier ('d'), ticket ('t') and rating ('r')
--     adds to kpi_agg now, as text, so that a change is applied as the
--     difference between its old and its new facts;
--   kpi_open: the dossiers open now, with the instant they become overdue
--     (NULL: not while their clock is paused), judged at the request's now;
--   kpi_dirty: the subjects changed since they were last counted, marked by
--     the triggers below in the very transaction that changes them; the next
--     read (or the worker) counts them again before it sums, so the sums are
--     never stale. `motcua kpi rebuild` recounts everything from the history.
CREATE TABLE kpi_agg (
  grain INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  version_id INTEGER NOT NULL,
  fact TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (grain, bucket, unit_id, version_id, fact)
) WITHOUT ROWID;
CREATE TABLE kpi_subjects (
  kind TEXT NOT NULL,
  id INTEGER NOT NULL,
  facts TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TABLE kpi_open (
  dossier_id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL,
  version_id INTEGER NOT NULL,
  overdue_at INTEGER,
  waiting INTEGER NOT NULL,
  disliked INTEGER NOT NULL
);
CREATE INDEX kpi_open_unit ON kpi_open (unit_id, version_id);
CREATE TABLE kpi_dirty (
  kind TEXT NOT NULL,
  id INTEGER NOT NULL,
  claimed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX kpi_dirty_claimed ON kpi_dirty (claimed);
CREATE TRIGGER kpi_dirty_event AFTER INSERT ON dossier_events BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', NEW.dossier_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_dossier AFTER UPDATE OF received_at, ended_at, channel ON dossiers BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', NEW.id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_component_ins AFTER INSERT ON dossier_components BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', NEW.dossier_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_component_upd AFTER UPDATE ON dossier_components BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', NEW.dossier_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_compdoc_ins AFTER INSERT ON dossier_component_docs BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', NEW.dossier_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_compdoc_upd AFTER UPDATE ON dossier_component_docs BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', NEW.dossier_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_compdoc_del AFTER DELETE ON dossier_component_docs BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', OLD.dossier_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_document_ins AFTER INSERT ON documents WHEN NEW.dossier_id IS NOT NULL BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', NEW.dossier_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_document_upd AFTER UPDATE ON documents WHEN NEW.dossier_id IS NOT NULL BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', NEW.dossier_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_document_del AFTER DELETE ON documents WHEN OLD.dossier_id IS NOT NULL BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', OLD.dossier_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_result_ins AFTER INSERT ON results BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', NEW.dossier_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_rating_ins AFTER INSERT ON ratings BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('r', NEW.id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
  INSERT INTO kpi_dirty (kind, id) SELECT 'd', NEW.dossier_id WHERE NEW.dossier_id IS NOT NULL
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_rating_upd AFTER UPDATE ON ratings BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('r', NEW.id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
  INSERT INTO kpi_dirty (kind, id) SELECT 'd', NEW.dossier_id WHERE NEW.dossier_id IS NOT NULL
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_ticket_ins AFTER INSERT ON queue_tickets BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('t', NEW.id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_ticket_upd AFTER UPDATE ON queue_tickets BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('t', NEW.id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
-- A feedback item about a dossier (766.5.4).
CREATE TRIGGER kpi_dirty_feedback_ins AFTER INSERT ON feedback WHEN NEW.dossier_id IS NOT NULL BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', NEW.dossier_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_feedback_upd AFTER UPDATE ON feedback WHEN NEW.dossier_id IS NOT NULL BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('d', NEW.dossier_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
-- A dossier's judgement reads its processing unit's calendar and office
-- hours: an edit of the calendar marks the dossiers open across the day
-- changed, or due after it (the whole year when the edit has no day or
-- makes the year official or not: its first or last agency-wide row); a
-- change of a unit's office hours marks the dossiers it processes.
CREATE TRIGGER kpi_dirty_calendar AFTER INSERT ON calendar_changes BEGIN
  INSERT INTO kpi_dirty (kind, id)
  SELECT 'd', d.id FROM dossiers d,
    (SELECT CAST((julianday(x.a) - 2440587.5) * 86400000 AS INTEGER) - 25200000 AS a,
            CAST((julianday(x.b) - 2440587.5) * 86400000 AS INTEGER) - 25200000 AS b
     FROM (SELECT CASE WHEN y THEN printf('%04d-01-01', NEW.year) ELSE NEW.day END AS a,
                  CASE WHEN y THEN printf('%04d-01-01', NEW.year + 1)
                       ELSE date(NEW.day, '+1 day') END AS b
           FROM (SELECT NEW.day IS NULL OR (NEW.unit_id IS NULL AND NOT EXISTS (
                   SELECT 1 FROM calendar_entries e WHERE e.unit_id IS NULL
                   AND e.year = NEW.year AND e.day <> NEW.day)) AS y)) x) w
  WHERE d.received_at IS NOT NULL AND d.received_at < w.b
    AND (d.ended_at IS NULL OR d.ended_at >= w.a OR d.due_at >= w.a)
  ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_office_hours AFTER UPDATE OF office_hours ON units
  WHEN OLD.office_hours <> NEW.office_hours BEGIN
  INSERT INTO kpi_dirty (kind, id)
  SELECT 'd', id FROM dossiers WHERE processing_unit_id = NEW.id AND received_at IS NOT NULL
  ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
-- What exists before this migration is counted by the worker, the next
-- read or `motcua kpi rebuild`.
INSERT INTO kpi_dirty (kind, id) SELECT 'd', id FROM dossiers WHERE received_at IS NOT NULL;
INSERT INTO kpi_dirty (kind, id) SELECT 't', id FROM queue_tickets;
INSERT INTO kpi_dirty (kind, id) SELECT 'r', id FROM ratings;
