-- Dossiers and their history (issue 4, DOMAIN.md sections 4 and 6).
-- Instants are Unix milliseconds UTC. A dossier names three places: the
-- receiving unit (whose identifier is in the code), the processing unit
-- (the procedure's owner) and the co-ordinating units. step_* describe the
-- current step of the internal process (who must act next, by when).
-- dossier_events is the append-only, hash-chained history (src/core/events.h):
-- triggers refuse UPDATE and DELETE, and `motcua audit verify` proves that
-- nobody went around them. dossier_counters hands out the per-unit, per-day
-- sequence of codes inside the receipt's own transaction.
CREATE TABLE dossiers (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  code_day INTEGER NOT NULL,
  code_seq INTEGER NOT NULL,
  procedure_version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
  procedure_code TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('direct', 'online', 'post')),
  state TEXT NOT NULL CHECK (state IN ('submitted', 'received', 'refused', 'in_process',
    'awaiting_supplement', 'awaiting_payment', 'withdrawn', 'stopped', 'result_ready', 'returned')),
  receiving_unit_id INTEGER NOT NULL REFERENCES units(id),
  processing_unit_id INTEGER NOT NULL REFERENCES units(id),
  submitter_kind TEXT NOT NULL CHECK (submitter_kind IN ('person', 'organisation')),
  submitter_name TEXT NOT NULL,
  submitter_id_number TEXT,
  submitter_tax_code TEXT,
  submitter_address TEXT NOT NULL DEFAULT '',
  submitter_phone TEXT NOT NULL DEFAULT '',
  submitter_email TEXT NOT NULL DEFAULT '',
  owner_kind TEXT CHECK (owner_kind IN ('person', 'organisation')),
  owner_name TEXT,
  owner_id_number TEXT,
  owner_tax_code TEXT,
  owner_address TEXT,
  applicant_user_id INTEGER REFERENCES users(id),
  request_text TEXT NOT NULL DEFAULT '',
  sets INTEGER NOT NULL DEFAULT 1,
  return_method TEXT NOT NULL DEFAULT 'desk' CHECK (return_method IN ('desk', 'post', 'online')),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  submitted_at INTEGER,
  received_at INTEGER,
  due_at INTEGER,
  extended_due_at INTEGER,
  step INTEGER NOT NULL DEFAULT 0,
  step_started_at INTEGER,
  step_due_at INTEGER,
  step_unit_id INTEGER REFERENCES units(id),
  step_role TEXT,
  assignee_id INTEGER REFERENCES users(id),
  paused_at INTEGER,
  resume_state TEXT,
  supplements INTEGER NOT NULL DEFAULT 0,
  extension TEXT NOT NULL DEFAULT 'none' CHECK (extension IN ('none', 'pending', 'approved')),
  extension_reason TEXT,
  extension_due_at INTEGER,
  approved INTEGER NOT NULL DEFAULT 0,
  counts_late INTEGER NOT NULL DEFAULT 0,
  result_code TEXT,
  result_at INTEGER,
  returned_at INTEGER,
  ended_at INTEGER,
  timeliness TEXT,
  nevents INTEGER NOT NULL DEFAULT 0,
  last_hash TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX dossiers_code_seq ON dossiers (receiving_unit_id, code_day, code_seq);
CREATE INDEX dossiers_assignee ON dossiers (assignee_id, due_at);
CREATE INDEX dossiers_step_unit ON dossiers (step_unit_id, due_at);
CREATE INDEX dossiers_state_due ON dossiers (state, due_at);
CREATE INDEX dossiers_applicant ON dossiers (applicant_user_id, created_at);
CREATE TABLE dossier_coordinators (
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (dossier_id, unit_id)
);
CREATE TABLE dossier_components (
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  ord INTEGER NOT NULL,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  copy_type TEXT NOT NULL,
  copies INTEGER NOT NULL,
  mandatory INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('paper', 'uploaded', 'missing', 'not_applicable')),
  PRIMARY KEY (dossier_id, ord)
);
CREATE TABLE dossier_pauses (
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('supplement', 'payment')),
  from_at INTEGER NOT NULL,
  to_at INTEGER,
  PRIMARY KEY (dossier_id, ord)
);
CREATE TABLE dossier_counters (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  day INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (unit_id, day)
);
CREATE TABLE dossier_events (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  actor_id INTEGER REFERENCES users(id),
  actor TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  from_state TEXT NOT NULL DEFAULT '',
  to_state TEXT NOT NULL DEFAULT '',
  step_from INTEGER NOT NULL DEFAULT 0,
  step_to INTEGER NOT NULL DEFAULT 0,
  step_due_at INTEGER NOT NULL DEFAULT 0,
  timeliness TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL DEFAULT '{}',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (dossier_id, seq)
);
CREATE INDEX dossier_events_action ON dossier_events (action, at);
CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
BEGIN
  SELECT RAISE(ABORT, 'dossier_events is append-only');
END;
CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
BEGIN
  SELECT RAISE(ABORT, 'dossier_events is append-only');
END;
