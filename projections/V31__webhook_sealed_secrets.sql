-- Webhook subscribers' secrets sealed under the cluster's master key (AES-256-GCM, the subscription id bound as
-- associated data; see webhook/WebhookSecrets). The database has no key, so it cannot seal the rows an earlier version
-- stored in plain text: each node seals them when it starts, and the sender signs with either meanwhile. A row holds
-- its secret one way, never both and never neither.
ALTER TABLE webhook_subscription ADD COLUMN IF NOT EXISTS sealed_secret BYTEA;
ALTER TABLE webhook_subscription ALTER COLUMN secret DROP NOT NULL;
ALTER TABLE webhook_subscription ADD CONSTRAINT webhook_subscription_secret_one_way
    CHECK ((secret IS NULL) <> (sealed_secret IS NULL));
