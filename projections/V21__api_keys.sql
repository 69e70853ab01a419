-- Keys of the systems that submit and read requests through Open311 (integrators). Written by ApiKeyProjection in
-- the same transaction as ApiKeyCreated / ApiKeyRevoked, so a key works, or stops working, on every node the moment
-- its command commits: each use reads these tables.
CREATE TABLE IF NOT EXISTS api_key (
    id                     VARCHAR(64)  PRIMARY KEY,
    name                   VARCHAR(64)  NOT NULL,
    rate_limit_per_minute  INTEGER      NOT NULL,
    created_by             VARCHAR(64)  NOT NULL,
    created_at             TIMESTAMPTZ  NOT NULL,
    last_used_at           TIMESTAMPTZ,
    revoked_at             TIMESTAMPTZ
);

-- Only a SHA-256 digest of each secret (the secret is shown once, at creation), kept apart from the events like
-- password hashes; a revocation deletes it.
CREATE TABLE IF NOT EXISTS api_key_digest (
    key_hash  VARCHAR(64) PRIMARY KEY,
    id        VARCHAR(64) NOT NULL UNIQUE
);
