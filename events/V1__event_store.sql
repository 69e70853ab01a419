-- The event store: Axon's JDBC schema with Axon's default (JPA-style) table and column names, so Axon's
-- documentation and tools apply. Payloads and metadata are JSON text stored as bytea (never large objects/OID),
-- so an auditor can read them with plain SQL: SELECT convert_from(payload, 'UTF8') FROM domain_event_entry.

CREATE TABLE IF NOT EXISTS domain_event_entry (
    global_index         BIGSERIAL    NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    event_identifier     VARCHAR(255) NOT NULL,
    meta_data            BYTEA,
    payload              BYTEA        NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (global_index),
    -- the optimistic-concurrency guard: two commands that both extend version N of one aggregate cannot both commit
    UNIQUE (aggregate_identifier, sequence_number),
    UNIQUE (event_identifier)
);

CREATE INDEX IF NOT EXISTS domain_event_entry_type_idx ON domain_event_entry (payload_type);

CREATE TABLE IF NOT EXISTS snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    meta_data            BYTEA,
    payload              BYTEA        NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (aggregate_identifier, sequence_number),
    UNIQUE (event_identifier)
);

-- Tracking tokens of the streaming event processors (projections).
CREATE TABLE IF NOT EXISTS token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);

-- Crypto-shredding: each citizen's personal data in events is encrypted with that citizen's own data key,
-- itself encrypted ("wrapped") with the master key. Deleting the row makes the data unreadable forever while
-- the events stay untouched.
CREATE TABLE IF NOT EXISTS citizen_data_key (
    citizen_id  UUID        PRIMARY KEY,
    wrapped_key BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Tracking numbers are sequential per year. One sequence per year keeps concurrent submissions from queueing
-- behind a counter row lock; the function creates next year's sequence the first time it is needed.
CREATE OR REPLACE FUNCTION next_tracking_number(year INTEGER) RETURNS BIGINT AS $$
DECLARE
    seq TEXT := 'tracking_number_' || year;
BEGIN
    RETURN nextval(seq);
EXCEPTION WHEN undefined_table THEN
    BEGIN
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
    EXCEPTION WHEN unique_violation OR duplicate_table THEN
        NULL; -- another submission created it a moment ago
    END;
    RETURN nextval(seq);
END
$$ LANGUAGE plpgsql;
