-- The signed deletion receipt of a completed erasure (opaque key ids and a subject digest only), shown
-- to the privacy officer as proof of what was destroyed and when.
ALTER TABLE privacy_request ADD COLUMN receipt jsonb;
