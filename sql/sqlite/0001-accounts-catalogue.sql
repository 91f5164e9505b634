-- Accounts (units, users, roles, sessions, log-in throttling) and the
-- procedure catalogue with versions. Instants are Unix milliseconds UTC.
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  ident TEXT NOT NULL UNIQUE,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  parent_id INTEGER REFERENCES units(id),
  office_hours TEXT NOT NULL DEFAULT '07:30-11:30,13:00-17:00',
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  full_name TEXT NOT NULL,
  unit_id INTEGER REFERENCES units(id),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  kind TEXT NOT NULL DEFAULT 'staff' CHECK (kind IN ('staff', 'person', 'organisation')),
  id_number TEXT,
  tax_code TEXT,
  email TEXT,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_id_number ON users(id_number) WHERE id_number IS NOT NULL;
CREATE UNIQUE INDEX users_tax_code ON users(tax_code) WHERE tax_code IS NOT NULL;
CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions(expires_at);
CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);
CREATE TABLE procedures (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE procedure_versions (
  id INTEGER PRIMARY KEY,
  procedure_id INTEGER NOT NULL REFERENCES procedures(id),
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  effective_from INTEGER NOT NULL,
  national_code TEXT,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL,
  search_key TEXT NOT NULL,
  field_vi TEXT NOT NULL,
  field_en TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  online_level TEXT NOT NULL CHECK (online_level IN ('full', 'partial', 'none')),
  limit_value INTEGER NOT NULL,
  limit_unit TEXT NOT NULL CHECK (limit_unit IN ('working_days', 'days', 'working_hours')),
  result_vi TEXT NOT NULL DEFAULT '',
  result_en TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id),
  published_at INTEGER,
  UNIQUE (procedure_id, version)
);
CREATE INDEX procedure_versions_current ON procedure_versions(procedure_id, status, effective_from);
CREATE TABLE procedure_components (
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL,
  template TEXT,
  copy_type TEXT NOT NULL,
  copies INTEGER NOT NULL,
  mandatory INTEGER NOT NULL,
  condition_text TEXT,
  doc_type TEXT NOT NULL,
  PRIMARY KEY (version_id, ord)
);
CREATE TABLE procedure_steps (
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL,
  role TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  share INTEGER NOT NULL,
  PRIMARY KEY (version_id, ord)
);
CREATE TABLE procedure_fees (
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL,
  amount INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (version_id, ord)
);
CREATE TABLE procedure_legal (
  version_id INTEGER NOT NULL REFERENCES procedure_versions(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (version_id, ord)
);
