-- Message franking in end-to-end encrypted conversations: the sender's commitment to the plaintext
-- (HMAC-SHA256 under a key only members hold) and the server's Ed25519 countersignature binding it to the
-- sender, conversation, seq and time. Rows exist only for sends that carried a commitment; they go with
-- their message. The commitment reveals nothing of the text without the key inside the ciphertext.
CREATE TABLE message_franking (
    conversation_id uuid   NOT NULL,
    seq             bigint NOT NULL,
    commitment      bytea  NOT NULL CHECK (octet_length(commitment) = 32),
    signature       bytea  NOT NULL,
    key_id          text   NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    FOREIGN KEY (conversation_id, seq) REFERENCES message (conversation_id, seq) ON DELETE CASCADE
);

-- The outcome of checking the franking evidence a reporter revealed: the server's signature over the claimed
-- metadata, the commitment over the revealed text, and whether the evidence is about the reported message.
-- The revealed text itself is stored as the report's sealed copy (V8). Null: the report carried no evidence.
ALTER TABLE report
    ADD COLUMN franking_signature_valid  boolean,
    ADD COLUMN franking_commitment_valid boolean,
    ADD COLUMN franking_matches_report   boolean;
