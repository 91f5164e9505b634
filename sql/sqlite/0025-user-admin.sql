-- User management by administrators (issue 15, item 3; DOMAIN.md 15).
--
-- An officer's telephone number, next to the e-mail the accounts already
-- have. must_change_password: the password was set by someone else (an
-- administrator's reset, or an initial password handed over), so the
-- account may do nothing but change it once logged in.
--
-- user_changes is the history of what administrators (or the command line:
-- by_user NULL, by_name 'command line') did to an account: created,
-- enabled, disabled, unit, roles, names, contact, password reset. One row
-- per change that changed something; nothing is ever updated or deleted.
ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
CREATE TABLE user_changes (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  by_user INTEGER REFERENCES users(id),
  by_name TEXT NOT NULL,
  what TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX user_changes_user ON user_changes(user_id, at);
