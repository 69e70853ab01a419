-- Outgoing e-mail, written by the notification projection (and, for the acknowledgement that carries the access
-- code, by the submission itself) in the same transaction as the change that causes it. The unique dedupe key
-- (event, recipient, template) makes a replay, a restart or a duplicate delivery add nothing. Never emptied by a
-- rebuild. Without SMTP configured, mails stay here with status LOGGED and are written to the log.
CREATE TABLE IF NOT EXISTS mail_outbox (
    id              BIGSERIAL    PRIMARY KEY,
    dedupe_key      VARCHAR(400) NOT NULL UNIQUE,
    template        VARCHAR(64)  NOT NULL,
    number          VARCHAR(32)  NOT NULL,
    -- an e-mail address, or citizen:<uuid>, resolved from the citizen's sealed data when sending
    recipient       VARCHAR(300) NOT NULL,
    language        VARCHAR(8)   NOT NULL,
    payload         JSONB        NOT NULL,
    status          VARCHAR(16)  NOT NULL DEFAULT 'PENDING',
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_error      TEXT,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS mail_outbox_due_idx ON mail_outbox (status, next_attempt_at);

-- What the notification projection remembers of each request to address its mails.
CREATE TABLE IF NOT EXISTS notification_request (
    number         VARCHAR(32) PRIMARY KEY,
    addressee_type VARCHAR(16) NOT NULL,
    addressee_id   VARCHAR(64) NOT NULL,
    assignee_type  VARCHAR(16),
    assignee_id    VARCHAR(64),
    citizen_id     UUID        NOT NULL,
    language       VARCHAR(8)  NOT NULL
);
