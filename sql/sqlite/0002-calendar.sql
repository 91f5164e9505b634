-- The working calendar stored per unit (issue 3, DOMAIN.md section 5).
-- calendar_entries hold the official schedules: one row per (scope, date),
-- where unit_id NULL is the agency-wide calendar and a unit's own rows
-- replace the agency row of the same date for that unit. A year with at
-- least one agency row is "official" for everyone; other years use the
-- computed default of src/cal/. calendar_changes is the append-only record
-- of every edit (who, when, what, before and after); calendar_state holds
-- one counter bumped by every edit, so that each server process knows when
-- its cached calendars are stale. Office hours stay in units.office_hours
-- (one spec for all year, or seasons: src/cal/cal.h cal_hours_parse).
CREATE TABLE calendar_entries (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER REFERENCES units(id),
  day TEXT NOT NULL CHECK (length(day) = 10),
  year INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'compensatory', 'workday', 'holiday-optional')),
  name TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX calendar_entries_scope_day ON calendar_entries ((COALESCE(unit_id, 0)), day);
CREATE INDEX calendar_entries_year ON calendar_entries (year, unit_id);
CREATE TABLE calendar_changes (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),
  unit_id INTEGER REFERENCES units(id),
  year INTEGER NOT NULL,
  day TEXT,
  action TEXT NOT NULL CHECK (action IN ('add', 'change', 'remove', 'load', 'recompute')),
  old_value TEXT,
  new_value TEXT,
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL
);
CREATE INDEX calendar_changes_year ON calendar_changes (year, id);
CREATE TABLE calendar_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO calendar_state (id, version) VALUES (1, 1);
