-- Monitoring aggregates by officer (issue 12, speed): the officer scope of
-- the indicators (an officer's scorecard, the ranking of a unit's
-- officers) sums counters as the unit scope does, instead of walking every
-- dossier the officer acted in.
--   kpi_agg_officer: kpi_agg's counters again, per officer (user_id): a
--     dossier's facts added to each user who acted in its history (its
--     events' actors, views and downloads left out: the walk's rule in
--     repo_kpi.c), a ticket's to the officer who served it, a rating's to
--     each officer it names (rating_officers); 766.3.2's online count
--     (proc.online) is not the officers' and is left out;
--   kpi_subjects.officers: the users a subject's facts were added to
--     ("" or ids joined by spaces, ascending), so that a recount takes its
--     old facts back from those it gave them to (the set grows with the
--     history);
--   kpi_open_officers: the users of each dossier kpi_open holds: for a
--     period that reaches now, the officer's snapshot less their open
--     dossiers turning overdue before midnight (as 0031 for a unit).
CREATE TABLE kpi_agg_officer (
  user_id INTEGER NOT NULL,
  grain INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  version_id INTEGER NOT NULL,
  fact TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (user_id, grain, bucket, unit_id, version_id, fact)
) WITHOUT ROWID;
ALTER TABLE kpi_subjects ADD COLUMN officers TEXT NOT NULL DEFAULT '';
CREATE TABLE kpi_open_officers (
  user_id INTEGER NOT NULL,
  dossier_id INTEGER NOT NULL,
  PRIMARY KEY (user_id, dossier_id)
) WITHOUT ROWID;
CREATE INDEX kpi_open_officers_dossier ON kpi_open_officers (dossier_id);
-- The officers a rating names are written after the rating (the same
-- transaction today): a change of them is a change of the rating.
CREATE TRIGGER kpi_dirty_rating_officer_ins AFTER INSERT ON rating_officers BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('r', NEW.rating_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
CREATE TRIGGER kpi_dirty_rating_officer_del AFTER DELETE ON rating_officers BEGIN
  INSERT INTO kpi_dirty (kind, id) VALUES ('r', OLD.rating_id)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
END;
-- Every subject is counted again (by the worker, the next read or `motcua
-- kpi recompute --rebuild`) to add its officers' counters.
INSERT INTO kpi_dirty (kind, id) SELECT 'd', id FROM dossiers WHERE received_at IS NOT NULL
  ON CONFLICT (kind, id) DO NOTHING;
INSERT INTO kpi_dirty (kind, id) SELECT 't', id FROM queue_tickets WHERE true
  ON CONFLICT (kind, id) DO NOTHING;
INSERT INTO kpi_dirty (kind, id) SELECT 'r', id FROM ratings WHERE true
  ON CONFLICT (kind, id) DO NOTHING;
