-- Fee exemptions applied (issue 13, DOMAIN.md section 12): a demand's line
-- for a fee the applicant is exempt from keeps its name at 0 đồng, with the
-- exemption's legal basis (copied from the fee, so a later version of the
-- procedure never changes it) and the reason the desk gave for applying it.
-- Both NULL on a line that is charged.
--
-- A refund the gateway refused (or did not answer) is asked again with a
-- back-off (payment.refund_backoff_minutes, doubled each time), not every
-- round of the worker: refund_attempts counts the refusals, refund_next_at
-- (UTC ms, 0 = now) is the earliest time to ask again.
ALTER TABLE payment_demand_lines ADD COLUMN exemption_basis TEXT;
ALTER TABLE payment_demand_lines ADD COLUMN exemption_reason TEXT;
ALTER TABLE payments ADD COLUMN refund_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN refund_next_at BIGINT NOT NULL DEFAULT 0;
