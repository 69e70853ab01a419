-- One row per request with what public statistics and open data need, and nothing personal.
CREATE TABLE IF NOT EXISTS stats_request (
    number              VARCHAR(32) PRIMARY KEY,
    kind                VARCHAR(32) NOT NULL,
    category            VARCHAR(32) NOT NULL,
    priority            VARCHAR(8)  NOT NULL,
    addressee_type      VARCHAR(16) NOT NULL,
    addressee_id        VARCHAR(64) NOT NULL,
    addressee_name      VARCHAR(200),
    counselor_id        VARCHAR(64),
    commission_id       VARCHAR(64),
    administrative_unit INTEGER,
    channel             VARCHAR(8)  NOT NULL,
    status              VARCHAR(16) NOT NULL,
    submitted_at        TIMESTAMPTZ NOT NULL,
    due_at              TIMESTAMPTZ NOT NULL,
    first_response_at   TIMESTAMPTZ,
    resolved_at         TIMESTAMPTZ,
    on_time             BOOLEAN,
    satisfaction        INTEGER
);
CREATE INDEX IF NOT EXISTS stats_request_submitted_idx ON stats_request (submitted_at);

-- Success stories, published with the citizen's recorded consent.
CREATE TABLE IF NOT EXISTS success_story (
    number       VARCHAR(32) PRIMARY KEY,
    title        VARCHAR(200) NOT NULL,
    summary      TEXT         NOT NULL,
    category     VARCHAR(32)  NOT NULL,
    published_at TIMESTAMPTZ  NOT NULL
);
