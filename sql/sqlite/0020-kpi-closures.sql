-- Closed periods of the periodic report (issue 12, DOMAIN.md 11): when the
-- office or a leader closes a month, quarter, half-year or year of a unit,
-- its figures (the report by procedure, field and unit, as JSON) are
-- frozen here with their SHA-256, in ONE hash chain of closures like a
-- dossier's events (src/svc/svc_closure.c): each row's hash covers its
-- canonical form (sequence, unit, period, days, instant, who, the figures'
-- hash, the previous row's hash); kpi_closure_head keeps the count and the
-- last hash, so a cut tail is caught; `motcua audit verify` walks it.
-- signature: the agency key's detached CMS over the canonical form, base64
-- ('' when made without a key). Append-only.
CREATE TABLE kpi_closures (
  id INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  unit_code TEXT NOT NULL,
  period TEXT NOT NULL,
  from_day TEXT NOT NULL,
  to_day TEXT NOT NULL,
  closed_at INTEGER NOT NULL,
  actor_id INTEGER REFERENCES users(id),
  actor TEXT NOT NULL DEFAULT '',
  figures TEXT NOT NULL,
  figures_hash TEXT NOT NULL,
  signature TEXT NOT NULL DEFAULT '',
  signer TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (unit_id, period)
);
CREATE INDEX kpi_closures_days ON kpi_closures (unit_id, from_day, to_day);
CREATE TABLE kpi_closure_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO kpi_closure_head (id, n, last_hash) VALUES (1, 0, '');
CREATE TRIGGER kpi_closures_no_update BEFORE UPDATE ON kpi_closures
BEGIN
  SELECT RAISE(ABORT, 'kpi_closures is append-only');
END;
CREATE TRIGGER kpi_closures_no_delete BEFORE DELETE ON kpi_closures
BEGIN
  SELECT RAISE(ABORT, 'kpi_closures is append-only');
END;
