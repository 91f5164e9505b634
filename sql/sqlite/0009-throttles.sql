-- Throttles (issue 10, item 6): one counter per key, counted and moved on in
-- one statement (repo_throttle.c), so that parallel requests cannot race
-- past a limit. A key is blocked until updated_at + delay_ms; delay_ms is 0
-- until `free` hits were counted, then doubles with each further hit up to
-- a ceiling. A key quiet for long enough starts again at zero. Keys:
--   login:IP:USERNAME   log-ins of one account from one address
--   login-ip:IP         failed log-ins from one address, any account
--   register:IP         registrations from one address
--   ticket:IP           kiosk tickets from one address
-- They replace login_failures, whose per-user lock let anyone lock an
-- account out and whose count-then-insert let parallel guesses past it.
CREATE TABLE throttles (
  key TEXT PRIMARY KEY,
  hits INTEGER NOT NULL,
  delay_ms INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX throttles_updated ON throttles(updated_at);
DROP TABLE login_failures;
