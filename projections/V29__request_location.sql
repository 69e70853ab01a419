-- Where a request is about (RequestSubmitted revision 2): public like its category, so kept in plain columns.
-- Requests submitted before have none.
ALTER TABLE request_view ADD COLUMN IF NOT EXISTS latitude DOUBLE PRECISION;
ALTER TABLE request_view ADD COLUMN IF NOT EXISTS longitude DOUBLE PRECISION;
ALTER TABLE request_view ADD COLUMN IF NOT EXISTS address TEXT;
-- Open311's GET requests.{format} lists by submission time and by category
CREATE INDEX IF NOT EXISTS request_view_submitted_at_idx ON request_view (submitted_at);
