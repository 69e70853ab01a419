-- Read models kept by streaming event processors (PooledStreamingEventProcessor, one segment each). Each writes
-- its rows in the same transaction as its token in token_entry. Tables with a position column are change logs:
-- positions are strictly increasing in commit order (one writer per table), and live streams resume from them.

-- Names of counselors and commissions as of the event being projected, per projection, so a rebuild gives the
-- same rows as the original run even if someone was renamed since.
CREATE TABLE IF NOT EXISTS projection_name (
    projection VARCHAR(64) NOT NULL,
    kind       VARCHAR(16) NOT NULL,
    id         VARCHAR(64) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    PRIMARY KEY (projection, kind, id)
);

-- Citizen tracking: the public timeline of each request (no personal data, no internal notes).
CREATE TABLE IF NOT EXISTS tracking_item (
    position BIGSERIAL   PRIMARY KEY,
    number   VARCHAR(32) NOT NULL,
    type     VARCHAR(64) NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    status   VARCHAR(16) NOT NULL,
    summary  TEXT        NOT NULL
);
CREATE INDEX IF NOT EXISTS tracking_item_number_idx ON tracking_item (number, position);

-- Counselor and commission inboxes: one row per request, and a change log for live inbox streams.
CREATE TABLE IF NOT EXISTS inbox_item (
    number           VARCHAR(32) PRIMARY KEY,
    kind             VARCHAR(32) NOT NULL,
    category         VARCHAR(32) NOT NULL,
    priority         VARCHAR(8)  NOT NULL,
    status           VARCHAR(16) NOT NULL,
    addressee_type   VARCHAR(16) NOT NULL,
    addressee_id     VARCHAR(64) NOT NULL,
    assignee_type    VARCHAR(16),
    assignee_id      VARCHAR(64),
    administrative_unit INTEGER,
    submitted_at     TIMESTAMPTZ NOT NULL,
    due_at           TIMESTAMPTZ NOT NULL,
    last_activity_at TIMESTAMPTZ NOT NULL,
    last_event       VARCHAR(64) NOT NULL
);
CREATE INDEX IF NOT EXISTS inbox_item_addressee_idx ON inbox_item (addressee_type, addressee_id);
CREATE INDEX IF NOT EXISTS inbox_item_assignee_idx ON inbox_item (assignee_type, assignee_id);

CREATE TABLE IF NOT EXISTS inbox_change (
    position       BIGSERIAL   PRIMARY KEY,
    number         VARCHAR(32) NOT NULL,
    type           VARCHAR(64) NOT NULL,
    at             TIMESTAMPTZ NOT NULL,
    addressee_type VARCHAR(16) NOT NULL,
    addressee_id   VARCHAR(64) NOT NULL,
    assignee_type  VARCHAR(16),
    assignee_id    VARCHAR(64)
);

-- When a counselor last opened an inbox item (user interface state, not derived from events, kept on rebuild).
CREATE TABLE IF NOT EXISTS inbox_read (
    number       VARCHAR(32) NOT NULL,
    counselor_id VARCHAR(64) NOT NULL,
    read_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (number, counselor_id)
);

-- Public activity feed, anonymised.
CREATE TABLE IF NOT EXISTS feed_item (
    position BIGSERIAL   PRIMARY KEY,
    at       TIMESTAMPTZ NOT NULL,
    type     VARCHAR(64) NOT NULL,
    number   VARCHAR(32),
    text     TEXT        NOT NULL,
    data     JSONB       NOT NULL
);

-- Accountability: what each counselor and commission received and answered, and when.
CREATE TABLE IF NOT EXISTS accountability_request (
    number            VARCHAR(32) PRIMARY KEY,
    owner_type        VARCHAR(16) NOT NULL,
    owner_id          VARCHAR(64) NOT NULL,
    submitted_at      TIMESTAMPTZ NOT NULL,
    due_at            TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS accountability_entry (
    position   BIGSERIAL   PRIMARY KEY,
    owner_type VARCHAR(16) NOT NULL,
    owner_id   VARCHAR(64) NOT NULL,
    number     VARCHAR(32) NOT NULL,
    type       VARCHAR(32) NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    text       TEXT        NOT NULL
);
CREATE INDEX IF NOT EXISTS accountability_entry_owner_idx ON accountability_entry (owner_type, owner_id, position);

-- What the feed projection remembers of each request to phrase later items.
CREATE TABLE IF NOT EXISTS feed_request (
    number       VARCHAR(32) PRIMARY KEY,
    owner_type   VARCHAR(16) NOT NULL,
    owner_id     VARCHAR(64) NOT NULL,
    submitted_at TIMESTAMPTZ NOT NULL
);
