-- Identity binding (issue 10, DOMAIN.md section 15). A citizen account is
-- unverified when self-registered: its ID number (person) or tax code
-- (organisation) is only claimed, several accounts may claim one number,
-- and a claim opens no one's papers. It is verified once the number was
-- checked: at the desk by a receiving officer against the ID card
-- (verified_how 'desk', verified_by the officer), or by an OpenID Connect
-- identity provider ('oidc', verified_by NULL). At most one account is
-- verified for a number. account_verifications keeps every verification and
-- every withdrawal of one, with what was checked (the paper shown, or the
-- provider and its subject). oidc_flows holds the log-ins through the
-- provider that were started and not yet finished: the SHA-256 of the state
-- sent to the provider and of the browser's binding cookie, the nonce and
-- the PKCE verifier, and the account that asked to be verified (if any);
-- a row is used once and lives ten minutes.
ALTER TABLE users ADD COLUMN verified_at INTEGER;
ALTER TABLE users ADD COLUMN verified_how TEXT CHECK (verified_how IN ('desk', 'oidc'));
ALTER TABLE users ADD COLUMN verified_by INTEGER REFERENCES users(id);
DROP INDEX users_id_number;
DROP INDEX users_tax_code;
CREATE INDEX users_id_number ON users(id_number) WHERE id_number IS NOT NULL;
CREATE INDEX users_tax_code ON users(tax_code) WHERE tax_code IS NOT NULL;
CREATE UNIQUE INDEX users_id_number_verified ON users(id_number)
  WHERE id_number IS NOT NULL AND verified_at IS NOT NULL;
CREATE UNIQUE INDEX users_tax_code_verified ON users(tax_code)
  WHERE tax_code IS NOT NULL AND verified_at IS NOT NULL;
CREATE TABLE account_verifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  action TEXT NOT NULL CHECK (action IN ('verified', 'withdrawn')),
  kind TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
  ident TEXT NOT NULL,
  how TEXT NOT NULL CHECK (how IN ('desk', 'oidc')),
  by_user INTEGER REFERENCES users(id),
  evidence TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL
);
CREATE INDEX account_verifications_user ON account_verifications(user_id, at);
CREATE TABLE oidc_flows (
  state_hash TEXT PRIMARY KEY,
  browser_hash TEXT NOT NULL,
  nonce TEXT NOT NULL,
  verifier TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX oidc_flows_expires ON oidc_flows(expires_at);
