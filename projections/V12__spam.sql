-- Requests marked as spam by staff disappear from every public view; the council still sees them.
ALTER TABLE request_view ADD COLUMN IF NOT EXISTS spam BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE stats_request ADD COLUMN IF NOT EXISTS spam BOOLEAN NOT NULL DEFAULT FALSE;
