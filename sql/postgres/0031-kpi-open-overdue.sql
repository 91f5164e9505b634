-- Monitoring aggregates (issue 12, speed): the dossiers open now, for a
-- period that reaches now, are the daily snapshot up to the next local
-- midnight less the open dossiers it counts overdue whose overdue instant
-- is still ahead (svc_kpi_agg.c): those are found by that instant, a few
-- rows, instead of every open dossier read.
CREATE INDEX kpi_open_overdue ON kpi_open (overdue_at);
