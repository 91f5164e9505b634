-- Feedback on regulations and on service (phản ánh, kiến nghị; issue 14,
-- DOMAIN.md section 13). One row per item with its deadlines in working
-- time (refusal 2, first request for information 5, answer 15, publication
-- 2 working days after the answer), computed when the item is received or
-- answered and never moved by later calendar edits. key_hash is the SHA-256
-- of the sender's tracking key (given once, at creation): code and key
-- together open the tracking page, so nobody reads another's item by its
-- code alone. feedback_events is the item's append-only, hash-chained
-- history, in the form of dossier_events (src/core/events.h), checked by
-- `motcua audit verify`; feedback_counters hands out the per-day sequence
-- of codes.
CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  code_day INTEGER NOT NULL,
  code_seq INTEGER NOT NULL,
  key_hash TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('online', 'phone', 'letter', 'in_person', 'email')),
  state TEXT NOT NULL CHECK (state IN ('received', 'awaiting_info', 'assigned', 'drafted',
    'answered', 'published', 'refused')),
  category TEXT NOT NULL DEFAULT '' CHECK (category IN ('', 'regulation', 'conduct', 'out_of_scope')),
  sender_name TEXT NOT NULL,
  sender_email TEXT NOT NULL DEFAULT '',
  sender_phone TEXT NOT NULL DEFAULT '',
  sender_address TEXT NOT NULL DEFAULT '',
  sender_user_id INTEGER REFERENCES users(id),
  private INTEGER NOT NULL DEFAULT 0,
  personal_data INTEGER NOT NULL DEFAULT 0,
  subject TEXT NOT NULL,
  content TEXT NOT NULL,
  dossier_id INTEGER REFERENCES dossiers(id),
  procedure_code TEXT NOT NULL DEFAULT '',
  field TEXT NOT NULL DEFAULT '',
  unit_id INTEGER REFERENCES units(id),
  answer TEXT NOT NULL DEFAULT '',
  received_at INTEGER NOT NULL,
  refuse_due_at INTEGER NOT NULL,
  info_due_at INTEGER NOT NULL,
  answer_due_at INTEGER NOT NULL,
  paused_at INTEGER,
  info_requested INTEGER NOT NULL DEFAULT 0,
  answered_at INTEGER,
  publish_due_at INTEGER,
  published_at INTEGER,
  rating TEXT NOT NULL DEFAULT '' CHECK (rating IN ('', 'satisfied', 'dissatisfied')),
  reraised INTEGER NOT NULL DEFAULT 0,
  late INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users(id),
  nevents INTEGER NOT NULL DEFAULT 0,
  last_hash TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  UNIQUE (code_day, code_seq)
);
CREATE INDEX feedback_state_due ON feedback (state, answer_due_at);
CREATE INDEX feedback_unit ON feedback (unit_id, state);
CREATE INDEX feedback_received ON feedback (received_at);
CREATE INDEX feedback_published ON feedback (published_at);
CREATE TABLE feedback_counters (
  day INTEGER PRIMARY KEY,
  last INTEGER NOT NULL
);
CREATE TABLE feedback_events (
  id INTEGER PRIMARY KEY,
  feedback_id INTEGER NOT NULL REFERENCES feedback(id),
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
  UNIQUE (feedback_id, seq)
);
CREATE INDEX feedback_events_action ON feedback_events (action, at);
CREATE TRIGGER feedback_events_no_update BEFORE UPDATE ON feedback_events
BEGIN
  SELECT RAISE(ABORT, 'feedback_events is append-only');
END;
CREATE TRIGGER feedback_events_no_delete BEFORE DELETE ON feedback_events
BEGIN
  SELECT RAISE(ABORT, 'feedback_events is append-only');
END;
