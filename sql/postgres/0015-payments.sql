-- Fees and payments (issue 13, DOMAIN.md section 12).
--
-- procedure_fees gains the structure of a fee: `per` names the parameter
-- the amount is multiplied by (e.g. 'workers'; NULL = a fixed amount),
-- `due` when it is collected ('receipt' or 'before_return'), `confirmed`
-- 0 while the amount is "to be confirmed" (never payable until an
-- administrator publishes a version that sets it), and one exemption with
-- its legal basis.
--
-- A payment demand (thông báo nộp phí) is what a dossier owes at one time:
-- its lines and total are copied from the fees when it is made, so a later
-- version of the procedure never changes a demand. A payment is one
-- attempt to pay a demand: at the desk (cash, card, transfer: paid at
-- once) or online (pending until the gateway settles it, exactly once).
-- A second payment that succeeds for a demand already paid is kept, paid and
-- flagged "duplicate" for the office to refund (the money was taken). A paid
-- payment has one receipt whose number is taken from receipt_series in
-- the same transaction, so numbers are gapless per series.
ALTER TABLE procedure_fees ADD COLUMN per TEXT;
ALTER TABLE procedure_fees ADD COLUMN due TEXT NOT NULL DEFAULT 'receipt'
  CHECK (due IN ('receipt', 'before_return'));
ALTER TABLE procedure_fees ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE procedure_fees ADD COLUMN exemption TEXT NOT NULL DEFAULT '';
ALTER TABLE procedure_fees ADD COLUMN exemption_basis TEXT NOT NULL DEFAULT '';
CREATE TABLE payment_demands (
  id BIGSERIAL PRIMARY KEY,
  dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
  due TEXT NOT NULL CHECK (due IN ('receipt', 'before_return')),
  total BIGINT NOT NULL CHECK (total >= 0),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'cancelled')),
  pauses INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  paid_at BIGINT
);
CREATE INDEX payment_demands_dossier ON payment_demands (dossier_id);
CREATE TABLE payment_demand_lines (
  demand_id BIGINT NOT NULL REFERENCES payment_demands(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (demand_id, ord)
);
CREATE TABLE payments (
  id BIGSERIAL PRIMARY KEY,
  demand_id BIGINT NOT NULL REFERENCES payment_demands(id),
  dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
  method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'transfer', 'online')),
  amount BIGINT NOT NULL CHECK (amount >= 0),
  status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'refunded')),
  txn_ref TEXT UNIQUE,
  gateway TEXT,
  gateway_txn TEXT,
  reference TEXT,
  flag TEXT,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  settled_at BIGINT
);
CREATE INDEX payments_dossier ON payments (dossier_id);
CREATE INDEX payments_pending ON payments (created_at) WHERE status = 'pending';
CREATE INDEX payments_settled ON payments (settled_at);
CREATE TABLE receipt_series (
  template TEXT NOT NULL,
  series TEXT NOT NULL,
  next BIGINT NOT NULL CHECK (next >= 1),
  PRIMARY KEY (template, series)
);
CREATE TABLE payment_receipts (
  payment_id BIGINT PRIMARY KEY REFERENCES payments(id),
  template TEXT NOT NULL,
  series TEXT NOT NULL,
  number BIGINT NOT NULL,
  verify_code TEXT NOT NULL UNIQUE,
  issued_at BIGINT NOT NULL,
  document_id BIGINT REFERENCES documents(id),
  sha256 TEXT,
  signer TEXT,
  UNIQUE (template, series, number)
);
