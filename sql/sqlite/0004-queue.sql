-- The desk's queue and the applicant's verdict (issue 6): services (ticket
-- categories with a letter prefix), counters with their officers and
-- services, tickets numbered per service and day, the history of what was
-- done to each ticket, the dossiers received during a visit, and ratings.
-- Instants are Unix milliseconds UTC; `day` is the local (UTC+7) date
-- YYYY-MM-DD on which a ticket was issued: numbers restart every day.
-- The one rule that matters under concurrency: a counter calls the next
-- ticket with a single UPDATE ... WHERE id = (SELECT ... LIMIT 1) AND state =
-- 'waiting'; queue_tickets_at_counter keeps one ticket per counter at a time.
CREATE TABLE queue_desks (
  unit_id INTEGER PRIMARY KEY REFERENCES units(id),
  always_open INTEGER NOT NULL DEFAULT 0 CHECK (always_open IN (0, 1)),
  updated_at INTEGER NOT NULL
);
CREATE TABLE queue_services (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  prefix TEXT NOT NULL CHECK (length(prefix) = 1 AND prefix >= 'A' AND prefix <= 'Z'),
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at INTEGER NOT NULL,
  UNIQUE (unit_id, prefix)
);
CREATE TABLE queue_counters (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
  name TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  is_open INTEGER NOT NULL DEFAULT 0 CHECK (is_open IN (0, 1)),
  officer_id INTEGER REFERENCES users(id),
  opened_at INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (unit_id, number)
);
CREATE TABLE queue_counter_services (
  counter_id INTEGER NOT NULL REFERENCES queue_counters(id) ON DELETE CASCADE,
  service_id INTEGER NOT NULL REFERENCES queue_services(id),
  PRIMARY KEY (counter_id, service_id)
);
CREATE TABLE queue_counter_officers (
  counter_id INTEGER NOT NULL REFERENCES queue_counters(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (counter_id, user_id)
);
CREATE TABLE queue_day_numbers (
  service_id INTEGER NOT NULL REFERENCES queue_services(id),
  day TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (service_id, day)
);
CREATE TABLE queue_tickets (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  service_id INTEGER NOT NULL REFERENCES queue_services(id),
  origin_service_id INTEGER NOT NULL REFERENCES queue_services(id),
  day TEXT NOT NULL CHECK (length(day) = 10),
  seq INTEGER NOT NULL,
  number TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
  priority_reason TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'finished', 'no_show')),
  follow_token TEXT NOT NULL UNIQUE,
  issued_at INTEGER NOT NULL,
  queued_at INTEGER NOT NULL,
  called_at INTEGER,
  last_called_at INTEGER,
  started_at INTEGER,
  finished_at INTEGER,
  handling_ms INTEGER NOT NULL DEFAULT 0,
  counter_id INTEGER REFERENCES queue_counters(id),
  officer_id INTEGER REFERENCES users(id),
  calls INTEGER NOT NULL DEFAULT 0,
  skips INTEGER NOT NULL DEFAULT 0,
  transfers INTEGER NOT NULL DEFAULT 0,
  UNIQUE (origin_service_id, day, seq)
);
CREATE INDEX queue_tickets_waiting ON queue_tickets (unit_id, day, state, priority, queued_at);
CREATE INDEX queue_tickets_called ON queue_tickets (unit_id, last_called_at);
CREATE UNIQUE INDEX queue_tickets_at_counter ON queue_tickets (counter_id)
  WHERE state IN ('called', 'serving');
CREATE TABLE queue_ticket_events (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES queue_tickets(id),
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  service_id INTEGER REFERENCES queue_services(id),
  counter_id INTEGER REFERENCES queue_counters(id),
  officer_id INTEGER REFERENCES users(id),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX queue_ticket_events_ticket ON queue_ticket_events (ticket_id, id);
-- Dossiers received at a counter while a ticket was being served there.
CREATE TABLE ticket_dossiers (
  ticket_id INTEGER NOT NULL REFERENCES queue_tickets(id),
  dossier_id INTEGER NOT NULL UNIQUE REFERENCES dossiers(id),
  counter_id INTEGER REFERENCES queue_counters(id),
  officer_id INTEGER REFERENCES users(id),
  linked_at INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, dossier_id)
);
-- The key that signs rating links (created once, on first use).
CREATE TABLE queue_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- One current rating per dossier and per visit; a later one replaces it
-- (current = 0 on the old row: the history is kept). link_nonce makes each
-- signed link usable once.
CREATE TABLE ratings (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('visit', 'dossier')),
  ticket_id INTEGER REFERENCES queue_tickets(id),
  dossier_id INTEGER REFERENCES dossiers(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  satisfied INTEGER NOT NULL CHECK (satisfied IN (0, 1)),
  comment TEXT NOT NULL DEFAULT '',
  answers TEXT NOT NULL DEFAULT '{}',
  contacts_score INTEGER,
  agencies_score INTEGER,
  attitude_score INTEGER,
  link_nonce TEXT NOT NULL UNIQUE,
  is_current INTEGER NOT NULL DEFAULT 1 CHECK (is_current IN (0, 1)),
  created_at INTEGER NOT NULL,
  replaced_at INTEGER,
  CHECK ((kind = 'visit' AND ticket_id IS NOT NULL) OR (kind = 'dossier' AND dossier_id IS NOT NULL))
);
CREATE UNIQUE INDEX ratings_current_visit ON ratings (ticket_id) WHERE kind = 'visit' AND is_current = 1;
CREATE UNIQUE INDEX ratings_current_dossier ON ratings (dossier_id) WHERE kind = 'dossier' AND is_current = 1;
CREATE INDEX ratings_unit ON ratings (unit_id, created_at);
CREATE TABLE rating_officers (
  rating_id INTEGER NOT NULL REFERENCES ratings(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (rating_id, user_id)
);
