-- The sandbox gateway's own books (issue 13): what motcua's stand-in for
-- VNPAY (payment.gateway = sandbox, pages under /sandbox/pay/) knows of each
-- order it was sent, so that it answers querydr and refund after a restart
-- as a real gateway would. Only the sandbox reads and writes it; the
-- merchant side (payments) never does. id is the gateway's transaction
-- number (vnp_TransactionNo). Amounts in đồng.
CREATE TABLE sandbox_txns (
  id INTEGER PRIMARY KEY,
  txn_ref TEXT NOT NULL UNIQUE,
  tmn_code TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  create_date TEXT NOT NULL,
  order_info TEXT NOT NULL,
  return_url TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'failed', 'refunded')),
  response_code TEXT NOT NULL DEFAULT '',
  pay_date TEXT NOT NULL DEFAULT '',
  ipn_log TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
