-- Fee exemptions applied (issue 13, DOMAIN.md section 12): a demand's line
-- for a fee the applicant is exempt from keeps its name at 0 đồng, with the
-- exemption's legal basis (copied from the fee, so a later version of the
-- procedure never changes it) and the reason the desk gave for applying it.
-- Both NULL on a line that is charged.
ALTER TABLE payment_demand_lines ADD COLUMN exemption_basis TEXT;
ALTER TABLE payment_demand_lines ADD COLUMN exemption_reason TEXT;
