-- The moment an account was last deactivated: tokens issued before it stay refused even after a reactivation, so
-- a session that was cut off (a lost phone, a departed employee) does not come back with the account.
ALTER TABLE user_account ADD COLUMN IF NOT EXISTS sessions_valid_after TIMESTAMPTZ;
