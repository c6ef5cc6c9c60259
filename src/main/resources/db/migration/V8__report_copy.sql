-- End-to-end encrypted conversations: the server cannot read what is reported, so the reporter's client
-- sends its decrypted copy. It is sealed like a message, under the reporter's month key (erasing the
-- reporter shreds it), bound by its additional data to the report.
ALTER TABLE report
    ADD COLUMN copy_key_epoch   integer,
    ADD COLUMN copy_key_version integer,
    ADD COLUMN copy_nonce       bytea,
    ADD COLUMN copy_ciphertext  bytea;
