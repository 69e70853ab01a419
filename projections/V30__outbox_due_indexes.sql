-- The senders claim the oldest due rows of their queue (ORDER BY id LIMIT n ... SKIP LOCKED). With only the indexes
-- on (status, next_attempt_at) the planner walks the primary key and filters out every row already sent, which
-- grows with the table: each claim cost more the longer the node ran. These partial indexes hold only the rows still
-- to be handled, in claim order, so a claim reads the few rows it takes whatever the size of the history. Their
-- predicates are written exactly as the claims' conditions, so the planner can prove they apply.
CREATE INDEX IF NOT EXISTS mail_outbox_claim_idx ON mail_outbox (channel, id)
  WHERE status = 'PENDING' OR status = 'SENDING';
CREATE INDEX IF NOT EXISTS webhook_outbox_claim_idx ON webhook_outbox (id)
  WHERE status = 'PENDING' OR status = 'SENDING';
CREATE INDEX IF NOT EXISTS whatsapp_inbox_claim_idx ON whatsapp_inbox (id)
  WHERE status IN ('PENDING', 'HANDLING');
