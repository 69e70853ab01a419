-- The first answer to each submission sent with an Idempotency-Key, written in the submission's own transaction, so
-- a committed submission always has its key and a retry (on any node, after any restart) gets that answer again.
-- The answer carries the access code, so it is sealed under a key derived from the master key; the fingerprint is an
-- HMAC of the caller and the canonical body, never the body itself. Rows older than 24 hours are neither honoured
-- nor kept.
CREATE TABLE IF NOT EXISTS idempotency_key (
    key         VARCHAR(200) PRIMARY KEY,
    fingerprint BYTEA        NOT NULL,
    number      VARCHAR(32)  NOT NULL,
    answer      BYTEA        NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS idempotency_key_created_at_idx ON idempotency_key (created_at);
