-- Accounts are now kept from account events (AccountProjection); password hashes move to a table of their own so
-- they never travel in events. The old column stays for existing rows but is no longer read.
CREATE TABLE IF NOT EXISTS user_credential (
    username      VARCHAR(64)  PRIMARY KEY,
    password_hash VARCHAR(200) NOT NULL
);
INSERT INTO user_credential (username, password_hash)
    SELECT username, password_hash FROM user_account WHERE password_hash <> '' ON CONFLICT DO NOTHING;
