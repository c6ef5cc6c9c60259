-- Inserting a message checked its conversation row by row (the foreign key's trigger runs one lookup and
-- one row lock per message), which doubled PostgreSQL's cost of a send: 37 µs against 19 µs per row,
-- measured in batches of 250 (docs/performance.md). The writer inserts a whole group commit in one
-- statement, so the same guarantee is checked once per statement. The writer also holds the conversation
-- row FOR UPDATE (its seq reservation) in the same transaction, so the conversation cannot vanish meanwhile.
ALTER TABLE message DROP CONSTRAINT message_conversation_id_fkey;

CREATE FUNCTION message_conversation_exists() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM inserted n
                WHERE NOT EXISTS (SELECT 1 FROM conversation c WHERE c.id = n.conversation_id)) THEN
        RAISE EXCEPTION 'message for a conversation that does not exist' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER message_conversation_exists AFTER INSERT ON message
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION message_conversation_exists();

-- The foreign key's ON DELETE CASCADE (Charter itself never deletes a conversation).
CREATE FUNCTION conversation_delete_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM message m USING deleted d WHERE m.conversation_id = d.id;
    RETURN NULL;
END $$;

CREATE TRIGGER conversation_delete_messages AFTER DELETE ON conversation
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION conversation_delete_messages();
