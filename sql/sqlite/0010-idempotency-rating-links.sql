-- Issue 10, item 7.
-- The replies of POSTs that create something, by the client's
-- Idempotency-Key: a retry (the client timed out, the network dropped the
-- answer) gets the first reply instead of creating a second dossier. who is
-- "u:<user id>", or "ip:<address>" for a client not logged in; status 0
-- while the first request is still running. request_hash is the SHA-256 of
-- the method, path, content type and body: the same key with another
-- request is refused. Rows older than a day are deleted.
CREATE TABLE idempotency_keys (
  who TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  route TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL DEFAULT 0,
  content_type TEXT NOT NULL DEFAULT '',
  headers TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  PRIMARY KEY (who, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
-- Rating links, one per recipient of a visit or a dossier (the ticket's
-- holder; the applicant, by e-mail): a random token, stored only as its
-- SHA-256, usable once (used_at). A new link to the same recipient replaces
-- the unused one.
CREATE TABLE rating_links (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('visit', 'dossier')),
  target_id INTEGER NOT NULL,
  recipient TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  used_at INTEGER,
  UNIQUE (kind, target_id, recipient)
);
