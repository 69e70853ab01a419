-- The inbox keeps each request's place itself (from RequestSubmitted, like the rest of its row), so it shows the
-- place as soon as it announces the request and a rebuild of the request views does not blank it. Rows written
-- before have none until the inbox is rebuilt.
ALTER TABLE inbox_item ADD COLUMN IF NOT EXISTS latitude DOUBLE PRECISION;
ALTER TABLE inbox_item ADD COLUMN IF NOT EXISTS longitude DOUBLE PRECISION;
ALTER TABLE inbox_item ADD COLUMN IF NOT EXISTS address TEXT;
