-- Staff, counselor, auditor and administrator accounts. Passwords only as PBKDF2 hashes.
CREATE TABLE IF NOT EXISTS user_account (
    username      VARCHAR(64)  PRIMARY KEY,
    password_hash VARCHAR(200) NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    counselor_id  VARCHAR(64),
    active        BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
