-- Login protection and sessions.
ALTER TABLE user_account ADD COLUMN IF NOT EXISTS failed_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_account ADD COLUMN IF NOT EXISTS locked_until TIMESTAMPTZ;

-- Security events: failed logins, lockouts, refused tokens. Kept for the security officer, never shown publicly.
CREATE TABLE IF NOT EXISTS security_event (
    id       BIGSERIAL   PRIMARY KEY,
    at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    kind     VARCHAR(32) NOT NULL,
    username VARCHAR(64),
    address  VARCHAR(64),
    detail   TEXT
);

-- Refresh tokens, stored only as SHA-256 digests; rotated on every use and revoked on logout.
CREATE TABLE IF NOT EXISTS refresh_token (
    digest     VARCHAR(64) PRIMARY KEY,
    username   VARCHAR(64) NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

-- Access tokens revoked before they expire (logout), by their jti.
CREATE TABLE IF NOT EXISTS revoked_token (
    jti        VARCHAR(64) PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);
