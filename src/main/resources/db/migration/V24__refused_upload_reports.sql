-- An upload refused because its digest is on a known-bad list opens a report of source 'upload'. There is no
-- message: seq is 0 (message seqs start at 1), note describes the refused file, attachment_sha256 holds its digest
-- (already on the list, so it reveals nothing new). One open report per uploader and file, however often it is
-- tried again.
ALTER TABLE report DROP CONSTRAINT report_source_check;
ALTER TABLE report ADD CONSTRAINT report_source_check CHECK (source IN ('user', 'policy', 'upload'));
ALTER TABLE report ADD COLUMN attachment_sha256 text;
ALTER TABLE report ADD CONSTRAINT report_upload_has_digest CHECK ((source = 'upload') = (attachment_sha256 IS NOT NULL));
CREATE UNIQUE INDEX report_open_upload ON report (reported_user, attachment_sha256)
    WHERE source = 'upload' AND status = 'open';
