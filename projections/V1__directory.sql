-- Council directory read model, written by DirectoryProjection in the same transaction as the directory events.
CREATE TABLE IF NOT EXISTS directory_commission (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    description TEXT,
    active      BOOLEAN      NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL
);

CREATE TABLE IF NOT EXISTS directory_counselor (
    id             VARCHAR(64)  PRIMARY KEY,
    full_name      VARCHAR(200) NOT NULL,
    official_email VARCHAR(254) NOT NULL,
    photo_url      VARCHAR(2000),
    commission_ids TEXT[]       NOT NULL DEFAULT '{}',
    policy_areas   TEXT[]       NOT NULL DEFAULT '{}',
    active         BOOLEAN      NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL
);

CREATE INDEX IF NOT EXISTS directory_counselor_commissions_idx ON directory_counselor USING gin (commission_ids);
