-- Monitoring (issue 12, DOMAIN.md sections 8 and 10). The catalogue records
-- what Decision 766's group 1 reads: the subjects a procedure serves, the
-- number of sets to file (0 = not stated), the date of the decision that
-- announced it and the date it was published (public disclosure); NULL =
-- not recorded. kpi_rule_sets and kpi_rules are the versioned rule set:
-- per indicator a threshold (the plan's target for plan.*; NULL = none
-- fixed) and its points; a period is computed under the set in force at
-- its start (the latest effective_from not after it). Seeded: "766-2022",
-- in force from Decision 766's date (23 June 2022, 00:00 UTC+7), with the
-- national group points split evenly inside each group (the split is not
-- published; `motcua kpi rules` changes it).
ALTER TABLE procedure_versions ADD COLUMN subjects TEXT NOT NULL DEFAULT '';
ALTER TABLE procedure_versions ADD COLUMN sets INTEGER NOT NULL DEFAULT 0;
ALTER TABLE procedure_versions ADD COLUMN decision_at INTEGER;
ALTER TABLE procedure_versions ADD COLUMN public_at INTEGER;
CREATE TABLE kpi_rule_sets (
  name TEXT PRIMARY KEY,
  effective_from INTEGER NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE kpi_rules (
  rule_set TEXT NOT NULL REFERENCES kpi_rule_sets(name),
  indicator TEXT NOT NULL,
  threshold REAL,
  max_points REAL NOT NULL CHECK (max_points >= 0),
  PRIMARY KEY (rule_set, indicator)
);
INSERT INTO kpi_rule_sets (name, effective_from, created_at) VALUES ('766-2022', 1655917200000, 1655917200000);
INSERT INTO kpi_rules (rule_set, indicator, threshold, max_points) VALUES
  ('766-2022', '766.1.1', 1.0, 4.5),
  ('766-2022', '766.1.2', 1.0, 4.5),
  ('766-2022', '766.1.3', 1.0, 4.5),
  ('766-2022', '766.1.4', 1.0, 4.5),
  ('766-2022', '766.2.1', 1.0, 10),
  ('766-2022', '766.2.2', NULL, 10),
  ('766-2022', '766.3.1', 0.8, 4.4),
  ('766-2022', '766.3.2', 1.0, 4.4),
  ('766-2022', '766.3.3', 0.5, 4.4),
  ('766-2022', '766.3.5', 0.8, 4.4),
  ('766-2022', '766.3.6', 1.0, 4.4),
  ('766-2022', '766.4.1', 1.0, 5.5),
  ('766-2022', '766.4.2', 0.8, 5.5),
  ('766-2022', '766.4.3', 0.8, 5.5),
  ('766-2022', '766.4.4', 1.0, 5.5),
  ('766-2022', '766.5.2', 1.0, 6),
  ('766-2022', '766.5.3', 1.0, 6),
  ('766-2022', '766.5.4', 0.9, 6),
  ('766-2022', 'plan.online_share', 0.5, 0),
  ('766-2022', 'plan.electronic_routing', 0.8, 0),
  ('766-2022', 'plan.resolved_digitized', 1.0, 0),
  ('766-2022', 'plan.results_digitized', 1.0, 0),
  ('766-2022', 'plan.no_resubmission', 0.8, 0),
  ('766-2022', 'plan.wait_minutes', 15, 0),
  ('766-2022', 'plan.desk_minutes', NULL, 0),
  ('766-2022', 'plan.on_time', 1.0, 0),
  ('766-2022', 'plan.satisfaction', 0.95, 0);
