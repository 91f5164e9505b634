-- Issue 15, item 5: online submission as on the national portal. A citizen
-- attaches each component's files before submitting: each file is staged
-- here, bound to the account that uploaded it, until the submission that
-- names it takes it into the new dossier's documents and deletes the row,
-- in the transaction that creates the dossier (a file is submitted once).
-- The bytes are in the blob store like every file's. A row left behind
-- (the page was closed) is dropped a day later, at a later upload.
CREATE TABLE uploads (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  -- the document's facts as the citizen states them (the first file's count)
  issuer TEXT NOT NULL DEFAULT '',
  issued_at INTEGER,
  valid_until INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX uploads_user ON uploads (user_id, created_at);
CREATE INDEX uploads_created ON uploads (created_at);
