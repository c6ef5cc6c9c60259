-- Files uploaded to a conversation. The bytes live outside the database (charter.attachments.dir or the
-- attachments bucket), sealed in chunks under the uploader's month data key (key_epoch, key_version), so
-- crypto-shredding that key destroys the file with the uploader's messages. The plaintext digest is sealed
-- under the same key (digest_nonce, digest_sealed): nothing here identifies the content once the key is gone.
-- client_msg_id is set when a send of the uploader claims the file: the message is the uploader's message with
-- that client_msg_id (message's unique (sender_id, client_msg_id)); a file is attached to one message at most.
CREATE TABLE attachment (
    id              uuid        PRIMARY KEY,
    conversation_id uuid        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    uploader_id     text        NOT NULL,
    content_type    text        NOT NULL,
    size            bigint      NOT NULL CHECK (size >= 0),
    chunk_size      integer     NOT NULL CHECK (chunk_size > 0),
    key_epoch       integer     NOT NULL,
    key_version     integer     NOT NULL,
    digest_nonce    bytea       NOT NULL,
    digest_sealed   bytea       NOT NULL,
    client_msg_id   uuid,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachment_by_uploader ON attachment (uploader_id, key_epoch);
CREATE INDEX attachment_by_message ON attachment (uploader_id, client_msg_id) WHERE client_msg_id IS NOT NULL;
CREATE INDEX attachment_by_conversation ON attachment (conversation_id);
