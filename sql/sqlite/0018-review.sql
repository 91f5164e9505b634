-- Procedure review and compliance cost (issue 14; DOMAIN.md sections 9
-- and 14; Circular 02/2017/TT-VPCP). Money is integer đồng, durations
-- integer seconds, occurrences per dossier in thousandths.
-- The average income per hour of a year (the parameter of the cost).
CREATE TABLE review_incomes (
  year INTEGER PRIMARY KEY,
  per_hour INTEGER NOT NULL CHECK (per_hour >= 0),
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES users(id)
);
-- A year's plan: which procedures, measured over which period.
CREATE TABLE review_plans (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL UNIQUE,
  measure_from TEXT NOT NULL,
  measure_to TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id)
);
-- One procedure of a plan, reviewed by one unit by a date: its form
-- (the three criteria, the declared inputs of the cost) and, from its
-- submission, the measure frozen (m_*: core/ccost.h struct ccost_measure).
CREATE TABLE review_items (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES review_plans(id),
  procedure_id INTEGER NOT NULL REFERENCES procedures(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  due_date TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'compiled')),
  necessity TEXT NOT NULL DEFAULT '' CHECK (necessity IN ('', 'meets', 'partly', 'fails')),
  necessity_note TEXT NOT NULL DEFAULT '',
  reasonableness TEXT NOT NULL DEFAULT '' CHECK (reasonableness IN ('', 'meets', 'partly', 'fails')),
  reasonableness_note TEXT NOT NULL DEFAULT '',
  legality TEXT NOT NULL DEFAULT '' CHECK (legality IN ('', 'meets', 'partly', 'fails')),
  legality_note TEXT NOT NULL DEFAULT '',
  fees INTEGER,
  other_costs INTEGER NOT NULL DEFAULT 0,
  dossiers_per_year INTEGER NOT NULL DEFAULT 0,
  office_note TEXT NOT NULL DEFAULT '',
  frozen INTEGER NOT NULL DEFAULT 0 CHECK (frozen IN (0, 1)),
  m_period_days INTEGER NOT NULL DEFAULT 0,
  m_dossiers INTEGER NOT NULL DEFAULT 0,
  m_visits INTEGER NOT NULL DEFAULT 0,
  m_waits INTEGER NOT NULL DEFAULT 0,
  m_wait_ms INTEGER NOT NULL DEFAULT 0,
  m_served INTEGER NOT NULL DEFAULT 0,
  m_counter_ms INTEGER NOT NULL DEFAULT 0,
  m_supplements INTEGER NOT NULL DEFAULT 0,
  m_direct_supplements INTEGER NOT NULL DEFAULT 0,
  m_desk_returns INTEGER NOT NULL DEFAULT 0,
  m_results INTEGER NOT NULL DEFAULT 0,
  m_result_ms INTEGER NOT NULL DEFAULT 0,
  submitted_at INTEGER,
  submitted_by INTEGER REFERENCES users(id),
  compiled_at INTEGER,
  compiled_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (plan_id, procedure_id)
);
-- The reviewer's declared duration and occurrences of an activity.
CREATE TABLE review_activities (
  item_id INTEGER NOT NULL REFERENCES review_items(id),
  activity TEXT NOT NULL,
  seconds INTEGER NOT NULL DEFAULT 0,
  times_milli INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (item_id, activity)
);
-- A simplification proposed in a form: what it changes in the inputs
-- (NULL: unchanged), the leader's decision, the version that enacted it.
CREATE TABLE review_proposals (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES review_items(id),
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  fees INTEGER,
  other_costs INTEGER,
  dossiers_per_year INTEGER,
  state TEXT NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'adopted', 'rejected')),
  decision_note TEXT NOT NULL DEFAULT '',
  decided_at INTEGER,
  decided_by INTEGER REFERENCES users(id),
  enacted_version_id INTEGER REFERENCES procedure_versions(id),
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id)
);
CREATE INDEX review_proposals_item ON review_proposals (item_id, id);
CREATE TABLE review_proposal_changes (
  proposal_id INTEGER NOT NULL REFERENCES review_proposals(id),
  activity TEXT NOT NULL,
  seconds INTEGER,
  times_milli INTEGER,
  PRIMARY KEY (proposal_id, activity)
);
-- The measure reads the dossiers of a version received in a period.
CREATE INDEX dossiers_version_received ON dossiers (procedure_version_id, received_at);
