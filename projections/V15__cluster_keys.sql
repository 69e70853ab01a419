-- One master key per cluster. The first node to start on an empty database records a check value of its master key
-- (an HMAC of a fixed label under a key derived from it, never the key itself); every later start compares, and a
-- node with another key, or with none, refuses to start instead of sealing citizens' data under a key the other
-- nodes do not have. One row at most.
CREATE TABLE IF NOT EXISTS cluster_key_check (
    id          SMALLINT    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    check_value BYTEA       NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The RS256 key pairs that sign login tokens, shared by every node: the public half as DER (X.509
-- SubjectPublicKeyInfo), the private half (PKCS#8) sealed under the master key. The newest signs; older ones still
-- verify the tokens they signed until those have expired. kid is the key's RFC 7638 thumbprint.
CREATE TABLE IF NOT EXISTS token_signing_key (
    kid                TEXT        PRIMARY KEY,
    public_key         BYTEA       NOT NULL,
    sealed_private_key BYTEA       NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
