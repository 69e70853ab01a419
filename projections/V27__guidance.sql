-- Issue 31, guidance for citizens.

-- The policy areas a commission receives requests for when the citizen names no addressee (CommissionCreated and
-- CommissionUpdated revision 2). Commissions recorded before have none until an administrator gives them some.
ALTER TABLE directory_commission ADD COLUMN IF NOT EXISTS policy_areas TEXT[] NOT NULL DEFAULT '{}';
CREATE INDEX IF NOT EXISTS directory_commission_policy_areas_idx ON directory_commission USING gin (policy_areas);

-- A blind index of citizens' e-mail addresses, so that a citizen who lost their access codes can be found by the
-- address they gave: an HMAC of the normalized address under a key derived from the master key, never the address.
-- Written with the citizen's data key, in the same transaction, and deleted with it when the citizen is erased.
-- Requests submitted before this table existed are not indexed (their address is sealed, not searchable).
CREATE TABLE IF NOT EXISTS citizen_email_index (
    citizen_id   UUID        PRIMARY KEY REFERENCES citizen_data_key (citizen_id) ON DELETE CASCADE,
    email_digest VARCHAR(64) NOT NULL
);
CREATE INDEX IF NOT EXISTS citizen_email_index_digest_idx ON citizen_email_index (email_digest);

-- The access codes reissued by one recovery, sealed with each citizen's key until the recovery's one mail is sent
-- (an erased citizen's rows go with their key).
CREATE TABLE IF NOT EXISTS recovery_item (
    recovery_id UUID        NOT NULL,
    number      VARCHAR(32) NOT NULL,
    citizen_id  UUID        NOT NULL REFERENCES citizen_data_key (citizen_id) ON DELETE CASCADE,
    sealed_code TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (recovery_id, number)
);
