-- Tamper evidence: each stored event, in the order the sealing processor met it, gets
-- hash = SHA-256(previous hash || the event's stored bytes). The bytes are the ciphertext as stored, so erasing a
-- citizen's key does not break the chain; editing or deleting a row does.
CREATE TABLE IF NOT EXISTS event_seal (
    seal_position BIGSERIAL   PRIMARY KEY,
    global_index  BIGINT      NOT NULL UNIQUE,
    hash          VARCHAR(64) NOT NULL,
    sealed_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every read of the event log by an auditor is itself recorded.
CREATE TABLE IF NOT EXISTS audit_read (
    id       BIGSERIAL    PRIMARY KEY,
    at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    username VARCHAR(64)  NOT NULL,
    role     VARCHAR(16)  NOT NULL,
    what     TEXT         NOT NULL
);
