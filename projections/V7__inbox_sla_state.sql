-- SLA state of each open request, driven by the SLA events (warning, breach, pause, restart) rather than guessed
-- from the clock, so the inbox, the live streams and the SLA summary agree with the event log.
ALTER TABLE inbox_item ADD COLUMN IF NOT EXISTS sla_state VARCHAR(16) NOT NULL DEFAULT 'ON_TRACK';
CREATE INDEX IF NOT EXISTS inbox_item_open_sla_idx ON inbox_item (status, sla_state);
