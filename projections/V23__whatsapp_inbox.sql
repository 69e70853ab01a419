-- WhatsApp deliveries as Meta sent them, recorded before the webhook answers 200: a crash after the answer loses
-- nothing, the inbound worker takes the row up (SKIP LOCKED, with a lease). The body carries phone numbers and
-- names, so it is kept sealed under a key derived from the master key, and dropped once the delivery is handled.
CREATE TABLE IF NOT EXISTS whatsapp_inbox (
    id              BIGSERIAL   PRIMARY KEY,
    sealed_body     BYTEA,
    status          VARCHAR(16) NOT NULL DEFAULT 'PENDING',
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    handled_at      TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS whatsapp_inbox_due_idx ON whatsapp_inbox (status, next_attempt_at);

-- Every inbound message handled, by Meta's message id (wamid): a message delivered twice is handled once. The row is
-- written in the same transaction as what the message caused (the request, the citizen's message, the reply).
CREATE TABLE IF NOT EXISTS whatsapp_inbound (
    wamid      VARCHAR(256) PRIMARY KEY,
    number     VARCHAR(32),
    handled_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- One row per WhatsApp user, found by a keyed hash of the phone number (never the number itself): their latest
-- WhatsApp request, when they last wrote (the 24-hour window in which free text may be sent), and when they were
-- last told which kinds of message can be sent.
CREATE TABLE IF NOT EXISTS whatsapp_contact (
    phone_hash              VARCHAR(64) PRIMARY KEY,
    citizen_id              UUID,
    number                  VARCHAR(32),
    last_inbound_at         TIMESTAMPTZ,
    unsupported_explained_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS whatsapp_contact_citizen_idx ON whatsapp_contact (citizen_id);
