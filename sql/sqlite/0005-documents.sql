-- Documents (issue 5, DOMAIN.md sections 6 and 8): every file is stored once
-- in the content-addressed blob store (src/blob/) under its SHA-256; these
-- tables say what the files are. A document is one paper of an applicant
-- (one or several files: the pages of a scan), owned by a person (ID
-- number) or an organisation (tax code): a component of a dossier or a
-- result. The applicant's data store is the set of their documents that
-- were accepted (components of received dossiers) or issued (results).
-- dossier_component_docs says how each component of a dossier was
-- satisfied: uploaded online, digitized at the desk, reused from the store
-- (which document, from which dossier), or exempt from digitization with a
-- reason. results are the signed results with their public verification
-- code; result_drafts the file a specialist proposes, signed at issue.
-- retention_rules: how long the e-archive keeps a procedure's dossiers.
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('person', 'organisation')),
  owner_ident TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('component', 'result')),
  doc_type TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  issuer TEXT NOT NULL DEFAULT '',
  issued_at INTEGER,
  valid_until INTEGER,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  component_ord INTEGER,
  hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX documents_owner ON documents (owner_kind, owner_ident, doc_type);
CREATE INDEX documents_dossier ON documents (dossier_id);
CREATE TABLE document_files (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  ord INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (document_id, ord)
);
CREATE INDEX document_files_sha ON document_files (sha256);
CREATE TABLE dossier_component_docs (
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  ord INTEGER NOT NULL,
  how TEXT NOT NULL CHECK (how IN ('uploaded', 'digitized', 'reused', 'exempt')),
  document_id INTEGER REFERENCES documents(id),
  reused_from_dossier_id INTEGER REFERENCES dossiers(id),
  exemption TEXT CHECK (exemption IN ('electronic', 'shown_only', 'appraisal', 'confidential')),
  reason TEXT NOT NULL DEFAULT '',
  by_user INTEGER REFERENCES users(id),
  at INTEGER NOT NULL,
  PRIMARY KEY (dossier_id, ord)
);
CREATE INDEX dossier_component_docs_doc ON dossier_component_docs (document_id);
CREATE TABLE result_drafts (
  dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id),
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  doc_type TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  valid_until INTEGER,
  paper INTEGER NOT NULL DEFAULT 0,
  by_user INTEGER REFERENCES users(id),
  at INTEGER NOT NULL
);
CREATE TABLE results (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
  verify_code TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  format TEXT NOT NULL CHECK (format IN ('pades', 'cms')),
  signature_sha256 TEXT,
  draft_sha256 TEXT NOT NULL,
  signer TEXT NOT NULL,
  key_kind TEXT NOT NULL,
  signed_by INTEGER REFERENCES users(id),
  signed_at INTEGER NOT NULL
);
CREATE INDEX results_dossier ON results (dossier_id);
CREATE TABLE retention_rules (
  procedure_code TEXT PRIMARY KEY,
  years INTEGER NOT NULL CHECK (years >= 0),
  basis TEXT NOT NULL DEFAULT ''
);
