-- The control room's figures (projection "ops"): what each administrative unit received and answered per hour, so
-- a refresh sums a day's or a day's worth of hours instead of scanning every request. Unit 0 is the central
-- channels (web, API, mobile); 1-24 are the desks of the administrative units. Spam leaves both counts.
CREATE TABLE IF NOT EXISTS ops_request (
    number            VARCHAR(32) PRIMARY KEY,
    unit              INTEGER     NOT NULL,
    submitted_at      TIMESTAMPTZ NOT NULL,
    first_response_at TIMESTAMPTZ,
    spam              BOOLEAN     NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS ops_request_submitted_idx ON ops_request (submitted_at);

CREATE TABLE IF NOT EXISTS ops_hourly (
    unit     INTEGER     NOT NULL,
    hour     TIMESTAMPTZ NOT NULL,
    received INTEGER     NOT NULL DEFAULT 0,
    answered INTEGER     NOT NULL DEFAULT 0,
    PRIMARY KEY (unit, hour)
);
CREATE INDEX IF NOT EXISTS ops_hourly_hour_idx ON ops_hourly (hour);

-- The control room's ticker of breaches and escalations, newest first, without walking the whole change log.
CREATE INDEX IF NOT EXISTS inbox_change_breach_idx ON inbox_change (position)
    WHERE type IN ('SlaBreached', 'BreachEscalated');
