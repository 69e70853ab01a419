-- WhatsApp messages go through the mail outbox, with its dedupe keys (exactly once per event and recipient), its
-- claims and its retries; the mail sender takes only channel EMAIL, the WhatsApp sender only WHATSAPP.
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS channel VARCHAR(16) NOT NULL DEFAULT 'EMAIL';
-- the inbound message a reply quotes (context.message_id)
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS reply_to VARCHAR(256);
-- TEXT inside the 24-hour window, TEMPLATE outside it (or after Graph refused free text with 131047)
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS form VARCHAR(16);
-- the id Graph gave the sent message, which status webhooks name
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS provider_message_id VARCHAR(256);
-- sent, delivered, read or failed, from the status webhooks; never moves backwards
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS delivery_state VARCHAR(16);
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS error_code INTEGER;
CREATE UNIQUE INDEX IF NOT EXISTS mail_outbox_provider_idx ON mail_outbox (provider_message_id);
CREATE INDEX IF NOT EXISTS mail_outbox_channel_due_idx ON mail_outbox (channel, status, next_attempt_at);
