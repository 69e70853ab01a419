-- Current state and timeline of each request, written by RequestViewProjection in the same transaction as the
-- events, so the view returned after a command always includes that command's effect.
CREATE TABLE IF NOT EXISTS request_view (
    number               VARCHAR(32)  PRIMARY KEY,
    status               VARCHAR(16)  NOT NULL,
    kind                 VARCHAR(32)  NOT NULL,
    priority             VARCHAR(8)   NOT NULL,
    category             VARCHAR(32)  NOT NULL,
    addressee_type       VARCHAR(16)  NOT NULL,
    addressee_id         VARCHAR(64)  NOT NULL,
    assignee_type        VARCHAR(16),
    assignee_id          VARCHAR(64),
    channel              VARCHAR(8)   NOT NULL,
    administrative_unit  INTEGER,
    language             VARCHAR(8)   NOT NULL,
    -- personal data stays sealed here too: it is readable only while the citizen's data key exists
    citizen_id           UUID         NOT NULL,
    sealed_personal_data TEXT         NOT NULL,
    access_code_hash     VARCHAR(64)  NOT NULL,
    submitted_at         TIMESTAMPTZ  NOT NULL,
    due_at               TIMESTAMPTZ  NOT NULL,
    last_activity_at     TIMESTAMPTZ  NOT NULL,
    version              BIGINT       NOT NULL
);

CREATE INDEX IF NOT EXISTS request_view_addressee_idx ON request_view (addressee_type, addressee_id);
CREATE INDEX IF NOT EXISTS request_view_assignee_idx ON request_view (assignee_type, assignee_id);

CREATE TABLE IF NOT EXISTS request_timeline (
    number     VARCHAR(32) NOT NULL,
    seq        BIGINT      NOT NULL,
    type       VARCHAR(64) NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    -- internal entries (staff notes) are never shown to the public or the citizen
    internal   BOOLEAN     NOT NULL,
    -- a sentence safe for the public: never personal data
    summary    TEXT        NOT NULL,
    -- shown only in private views: response texts, reasons, meeting details
    detail     JSONB,
    actor_role VARCHAR(16) NOT NULL,
    actor_id   VARCHAR(64) NOT NULL,
    PRIMARY KEY (number, seq)
);
