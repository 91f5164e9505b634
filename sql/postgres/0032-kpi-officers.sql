-- Monitoring aggregates by officer (issue 12, speed): see sql/sqlite/0032.
CREATE TABLE kpi_agg_officer (
  user_id BIGINT NOT NULL,
  grain INTEGER NOT NULL,
  bucket BIGINT NOT NULL,
  unit_id BIGINT NOT NULL,
  version_id BIGINT NOT NULL,
  fact TEXT NOT NULL,
  value BIGINT NOT NULL,
  PRIMARY KEY (user_id, grain, bucket, unit_id, version_id, fact)
);
ALTER TABLE kpi_subjects ADD COLUMN officers TEXT NOT NULL DEFAULT '';
CREATE TABLE kpi_open_officers (
  user_id BIGINT NOT NULL,
  dossier_id BIGINT NOT NULL,
  PRIMARY KEY (user_id, dossier_id)
);
CREATE INDEX kpi_open_officers_dossier ON kpi_open_officers (dossier_id);
CREATE TRIGGER kpi_dirty_rating_officer AFTER INSERT OR DELETE ON rating_officers
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_dirty('r', 'rating_id');
INSERT INTO kpi_dirty (kind, id) SELECT 'd', id FROM dossiers WHERE received_at IS NOT NULL
  ON CONFLICT (kind, id) DO NOTHING;
INSERT INTO kpi_dirty (kind, id) SELECT 't', id FROM queue_tickets WHERE true
  ON CONFLICT (kind, id) DO NOTHING;
INSERT INTO kpi_dirty (kind, id) SELECT 'r', id FROM ratings WHERE true
  ON CONFLICT (kind, id) DO NOTHING;
