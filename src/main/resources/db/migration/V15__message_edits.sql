-- An edited message keeps its seq; its body is sealed anew under the author's current month key (key_epoch and
-- key_version move with it), so erasing or expiring the author's keys destroys the edits too.
ALTER TABLE message ADD COLUMN edited_at timestamptz;

-- The body a message had when a member reported it, kept for moderators when its author edits or unsends it while
-- the report is open. Copied as sealed (same key, same additional data): never stored in the clear, crypto-shredded
-- with the author's keys, and gone with the message when it expires or is erased.
CREATE TABLE message_original (
    conversation_id uuid        NOT NULL,
    seq             bigint      NOT NULL,
    key_epoch       integer     NOT NULL,
    key_version     integer     NOT NULL,
    nonce           bytea       NOT NULL,
    ciphertext      bytea       NOT NULL,
    kept_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, seq),
    FOREIGN KEY (conversation_id, seq) REFERENCES message (conversation_id, seq) ON DELETE CASCADE
);

CREATE FUNCTION message_original_dropped() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM message_original WHERE conversation_id = NEW.conversation_id AND seq = NEW.seq;
    RETURN NULL;
END $$;

CREATE TRIGGER message_original_dropped AFTER UPDATE OF state ON message
    FOR EACH ROW WHEN (NEW.state IN ('expired', 'erased') AND OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION message_original_dropped();
