-- Outbound webhooks (Standard Webhooks): the subscribers an admin registered, and a transactional outbox filled by
-- the webhook projection in the same transaction as its token. delivery_id is the webhook-id a receiver sees: one
-- per event and subscriber, unique, so a replayed or repeated event queues nothing twice.
CREATE TABLE IF NOT EXISTS webhook_subscription (
    id          UUID        PRIMARY KEY,
    url         TEXT        NOT NULL,
    event_types TEXT[]      NOT NULL,
    secret      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at  TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS webhook_outbox (
    id              BIGSERIAL   PRIMARY KEY,
    delivery_id     TEXT        NOT NULL UNIQUE,
    subscription_id UUID        NOT NULL REFERENCES webhook_subscription (id),
    event_type      TEXT        NOT NULL,
    number          VARCHAR(32) NOT NULL,
    payload         TEXT        NOT NULL,
    status          VARCHAR(16) NOT NULL DEFAULT 'PENDING',
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);

CREATE INDEX IF NOT EXISTS webhook_outbox_due_idx ON webhook_outbox (next_attempt_at)
    WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX IF NOT EXISTS webhook_outbox_subscription_idx ON webhook_outbox (subscription_id, id);
