-- Issue 15: the file store's prune (`motcua blobs prune`, the worker) asks,
-- for every file older than its grace period, whether any row still names
-- it; these indexes answer that without reading every table once per file
-- (document_files.sha256 has its index since 0005).
CREATE INDEX uploads_sha ON uploads (sha256);
CREATE INDEX result_drafts_sha ON result_drafts (sha256);
CREATE INDEX results_signature_sha ON results (signature_sha256);
CREATE INDEX results_draft_sha ON results (draft_sha256);
CREATE INDEX payment_receipts_sha ON payment_receipts (sha256);
