-- Monitoring aggregates (issue 12, speed): a year grain (grain 2, bucket =
-- the year) beside the day (0) and the month (1), so that a whole
-- calendar year is read as one row per unit, version and fact instead of
-- twelve month rows; the year counters are kept by the same flush as the
-- others (svc_kpi_agg.c) and are filled here from the month counters.
-- And 766.3.2 (the online dossiers of every procedure, whatever the scope)
-- reads its one fact from a partial covering index instead of every
-- counter of the period.
INSERT INTO kpi_agg (grain, bucket, unit_id, version_id, fact, value)
SELECT 2, bucket / 12, unit_id, version_id, fact, SUM(value) FROM kpi_agg WHERE grain = 1
GROUP BY bucket / 12, unit_id, version_id, fact;
CREATE INDEX kpi_agg_online ON kpi_agg (grain, bucket, version_id, value)
  WHERE fact = 'proc.online';
-- The daily snapshot of the open dossiers (facts 'snap.*': a dossier's
-- state at each local midnight of its open life, as changes): the
-- dossiers open at the end of a past period are their sum up to that day,
-- read from their own partial index; every dossier is counted again to
-- add them.
CREATE INDEX kpi_agg_snap ON kpi_agg (grain, bucket, unit_id, version_id, fact, value)
  WHERE fact LIKE 'snap.%';
INSERT INTO kpi_dirty (kind, id) SELECT 'd', id FROM dossiers WHERE received_at IS NOT NULL
  ON CONFLICT (kind, id) DO NOTHING;
