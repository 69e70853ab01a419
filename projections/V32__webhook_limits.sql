-- Per-subscriber limits of the webhook outbox. A subscriber whose backlog (deliveries PENDING or SENDING) reaches
-- WEBHOOK_MAX_PENDING_PER_SUBSCRIBER is paused: the projection stops queuing changes for it, the deliveries already
-- queued are still sent, and an admin sees when and why and resumes it. The partial index holds each subscriber's
-- waiting deliveries in claim order: the senders take at most WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIBER of them at once,
-- counting those already under way (the second index: the few rows being sent), and the projection counts a backlog
-- up to the cap, each reading only those rows.
ALTER TABLE webhook_subscription ADD COLUMN IF NOT EXISTS paused_at TIMESTAMPTZ;
ALTER TABLE webhook_subscription ADD COLUMN IF NOT EXISTS paused_reason TEXT;
CREATE INDEX IF NOT EXISTS webhook_outbox_waiting_idx ON webhook_outbox (subscription_id, id)
  WHERE status = 'PENDING' OR status = 'SENDING';
CREATE INDEX IF NOT EXISTS webhook_outbox_sending_idx ON webhook_outbox (subscription_id)
  WHERE status = 'SENDING';
