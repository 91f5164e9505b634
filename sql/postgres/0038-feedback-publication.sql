-- Issue 14: what a stranger found in feedback. published_content is the
-- text the Office publishes instead of the sender's (personal data taken
-- out), '' for the sender's own; raised_at is when the current round
-- began (the sender raised the item again), so received_at keeps the
-- first receipt.
ALTER TABLE feedback ADD COLUMN published_content TEXT NOT NULL DEFAULT '',
  ADD COLUMN raised_at BIGINT;
