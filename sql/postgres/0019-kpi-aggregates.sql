-- Monitoring aggregates (issue 12, "Speed"): see sql/sqlite/0019. The
-- same tables; one trigger function marks the subject a row belongs to
-- (its kind and the column holding its id are the trigger's arguments).
CREATE TABLE kpi_agg (
  grain INTEGER NOT NULL,
  bucket BIGINT NOT NULL,
  unit_id BIGINT NOT NULL,
  version_id BIGINT NOT NULL,
  fact TEXT NOT NULL,
  value BIGINT NOT NULL,
  PRIMARY KEY (grain, bucket, unit_id, version_id, fact)
);
CREATE TABLE kpi_subjects (
  kind TEXT NOT NULL,
  id BIGINT NOT NULL,
  facts TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (kind, id)
);
CREATE TABLE kpi_open (
  dossier_id BIGINT PRIMARY KEY,
  unit_id BIGINT NOT NULL,
  version_id BIGINT NOT NULL,
  overdue_at BIGINT,
  waiting INTEGER NOT NULL,
  disliked INTEGER NOT NULL
);
CREATE INDEX kpi_open_unit ON kpi_open (unit_id, version_id);
CREATE TABLE kpi_dirty (
  kind TEXT NOT NULL,
  id BIGINT NOT NULL,
  claimed BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, id)
);
CREATE INDEX kpi_dirty_claimed ON kpi_dirty (claimed);
CREATE FUNCTION kpi_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r jsonb;
  v bigint;
BEGIN
  r := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
  v := (r ->> TG_ARGV[1])::bigint;
  IF v IS NOT NULL THEN
    INSERT INTO kpi_dirty (kind, id) VALUES (TG_ARGV[0], v)
      ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER kpi_dirty_event AFTER INSERT ON dossier_events
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_dirty('d', 'dossier_id');
CREATE TRIGGER kpi_dirty_dossier AFTER UPDATE OF received_at, ended_at, channel ON dossiers
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_dirty('d', 'id');
CREATE TRIGGER kpi_dirty_component AFTER INSERT OR UPDATE ON dossier_components
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_dirty('d', 'dossier_id');
CREATE TRIGGER kpi_dirty_compdoc AFTER INSERT OR UPDATE OR DELETE ON dossier_component_docs
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_dirty('d', 'dossier_id');
CREATE TRIGGER kpi_dirty_document AFTER INSERT OR UPDATE OR DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_dirty('d', 'dossier_id');
CREATE TRIGGER kpi_dirty_result AFTER INSERT ON results
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_dirty('d', 'dossier_id');
CREATE TRIGGER kpi_dirty_rating AFTER INSERT OR UPDATE ON ratings
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_dirty('r', 'id');
CREATE TRIGGER kpi_dirty_rating_dossier AFTER INSERT OR UPDATE ON ratings
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_dirty('d', 'dossier_id');
CREATE TRIGGER kpi_dirty_ticket AFTER INSERT OR UPDATE ON queue_tickets
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_dirty('t', 'id');
-- A feedback item about a dossier (766.5.4).
CREATE TRIGGER kpi_dirty_feedback AFTER INSERT OR UPDATE ON feedback
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_dirty('d', 'dossier_id');
-- A calendar edit or a change of office hours: see sql/sqlite/0019.
CREATE FUNCTION kpi_mark_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a date;
  b date;
BEGIN
  IF NEW.day IS NULL OR (NEW.unit_id IS NULL AND NOT EXISTS (
      SELECT 1 FROM calendar_entries e WHERE e.unit_id IS NULL AND e.year = NEW.year
      AND e.day <> NEW.day)) THEN
    a := make_date(NEW.year, 1, 1);
    b := make_date(NEW.year + 1, 1, 1);
  ELSE
    a := NEW.day::date;
    b := NEW.day::date + 1;
  END IF;
  INSERT INTO kpi_dirty (kind, id)
    SELECT 'd', d.id FROM dossiers d WHERE d.received_at IS NOT NULL
      AND d.received_at < (extract(epoch FROM b::timestamp) * 1000)::bigint - 25200000
      AND (d.ended_at IS NULL
           OR d.ended_at >= (extract(epoch FROM a::timestamp) * 1000)::bigint - 25200000
           OR d.due_at >= (extract(epoch FROM a::timestamp) * 1000)::bigint - 25200000)
    ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
  RETURN NULL;
END;
$$;
CREATE TRIGGER kpi_dirty_calendar AFTER INSERT ON calendar_changes
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_calendar();
CREATE FUNCTION kpi_mark_office_hours() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.office_hours <> NEW.office_hours THEN
    INSERT INTO kpi_dirty (kind, id)
      SELECT 'd', id FROM dossiers WHERE processing_unit_id = NEW.id AND received_at IS NOT NULL
      ON CONFLICT (kind, id) DO UPDATE SET claimed = 0;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER kpi_dirty_office_hours AFTER UPDATE OF office_hours ON units
  FOR EACH ROW EXECUTE FUNCTION kpi_mark_office_hours();
INSERT INTO kpi_dirty (kind, id) SELECT 'd', id FROM dossiers WHERE received_at IS NOT NULL;
INSERT INTO kpi_dirty (kind, id) SELECT 't', id FROM queue_tickets;
INSERT INTO kpi_dirty (kind, id) SELECT 'r', id FROM ratings;
