-- The background worker and the tracking book (issue 4, items 4 and 7).
-- dossier_marks records that a dossier was found due soon or overdue for
-- a given due time, once: the row is inserted in the same transaction as
-- the event, and its key makes a second worker's insert do nothing, so the
-- event is appended once however many workers run. mail_outbox holds every
-- e-mail to send, once per dedup key (an event and a recipient, or a mark
-- and a recipient); a worker claims a pending row (pending → sending) in a
-- transaction before sending it, so two workers never send the same row.
-- worker_state keeps the worker's cursors (the last event looked at for
-- the applicants' notices). dossiers_received serves the tracking book
-- (a receiving unit's dossiers in a period).
CREATE INDEX dossiers_received ON dossiers (receiving_unit_id, received_at);
CREATE TABLE dossier_marks (
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  kind TEXT NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
  due_at INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (dossier_id, kind, due_at)
);
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  dedup TEXT NOT NULL UNIQUE,
  dossier_id INTEGER REFERENCES dossiers(id),
  kind TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  claimed_by TEXT,
  claimed_at INTEGER,
  sent_at INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_at);
CREATE TABLE worker_state (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
-- Notices start from now: events already stored are not mailed.
INSERT INTO worker_state (name, value) SELECT 'mail_event_cursor', COALESCE(MAX(id), 0) FROM dossier_events;
