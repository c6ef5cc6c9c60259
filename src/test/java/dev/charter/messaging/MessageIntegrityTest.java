package dev.charter.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.charter.testsupport.Db;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A message belongs to an existing conversation, checked once per INSERT statement instead of by a
 * per-row foreign key (V9), and goes when its conversation goes.
 */
@QuarkusTest
class MessageIntegrityTest {

    private static final String INSERT_MESSAGES = """
            INSERT INTO message (conversation_id, seq, id, sender_id, client_msg_id, key_epoch, key_version, nonce,
                                 ciphertext, sent_at)
            SELECT ?::uuid, g, gen_random_uuid(), 'integrity-' || g, gen_random_uuid(), 202611, 1, '\\x00'::bytea,
                   '\\x01'::bytea, now()
              FROM generate_series(1, 3) g""";

    @Test
    void aMessageForAMissingConversationIsRefusedAndNothingOfItsStatementIsStored() {
        UUID existing = conversation();
        UUID missing = UUID.randomUUID();
        IllegalStateException refused = assertThrows(
                IllegalStateException.class, () -> Db.execute("""
                INSERT INTO message (conversation_id, seq, id, sender_id, client_msg_id, key_epoch, key_version, nonce,
                                     ciphertext, sent_at)
                VALUES (?::uuid, 1, gen_random_uuid(), 'integrity-a', gen_random_uuid(), 202611, 1, '\\x00', '\\x01', now()),
                       (?::uuid, 1, gen_random_uuid(), 'integrity-b', gen_random_uuid(), 202611, 1, '\\x00', '\\x01', now())""", existing.toString(), missing.toString()));
        assertEquals("23503", ((SQLException) refused.getCause()).getSQLState());
        assertEquals(
                0,
                Db.count(
                        "SELECT count(*) FROM message WHERE conversation_id IN (?::uuid, ?::uuid)",
                        existing.toString(),
                        missing.toString()));
    }

    @Test
    void deletingAConversationDeletesItsMessages() {
        UUID kept = conversation();
        UUID deleted = conversation();
        Db.execute(INSERT_MESSAGES, kept.toString());
        Db.execute(INSERT_MESSAGES, deleted.toString());

        Db.execute("DELETE FROM conversation WHERE id = ?::uuid", deleted.toString());

        assertEquals(0, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?::uuid", deleted.toString()));
        assertEquals(3, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?::uuid", kept.toString()));
        assertEquals(1, Db.count("SELECT count(*) FROM conversation WHERE id = ?::uuid", kept.toString()));
    }

    private static UUID conversation() {
        UUID id = UUID.randomUUID();
        Db.execute(
                "INSERT INTO conversation (id, kind, title, created_by) VALUES (?::uuid, 'group', 'integrity', 'integrity')",
                id.toString());
        return id;
    }
}
