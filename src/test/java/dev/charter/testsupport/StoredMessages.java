package dev.charter.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** What the database holds of a conversation's messages, against what the server acked. */
public final class StoredMessages {

    private StoredMessages() {}

    /**
     * No clientMsgId is stored twice in {@code conversation}, and each of {@code clientMsgIds} is stored under the
     * message id it was acked with ({@code ackedIds}: clientMsgId -> messageId); one never acked must not be stored.
     */
    public static void assertStoredOnceAsAcked(
            UUID conversation, Collection<UUID> clientMsgIds, Map<UUID, String> ackedIds) {
        List<List<Object>> rows =
                Db.rows("SELECT client_msg_id, id FROM message WHERE conversation_id = ?", conversation);
        Map<UUID, String> stored = new HashMap<>();
        for (List<Object> row : rows) {
            String earlier = stored.put((UUID) row.get(0), row.get(1).toString());
            assertTrue(earlier == null, "clientMsgId " + row.get(0) + " stored twice");
        }
        for (UUID clientMsgId : clientMsgIds) {
            assertEquals(
                    ackedIds.get(clientMsgId),
                    stored.get(clientMsgId),
                    "valid send " + clientMsgId + " acked and stored once, with the acked id");
        }
    }

    /**
     * Each acked send ({@code acked}: clientMsgId -> its ack frame) is stored exactly once in {@code conversation},
     * under the message id and seq of its ack, no two acks share a seq, and the stored seqs run 1..max with no gap up
     * to the conversation's last seq.
     */
    public static void assertAckedStoredOnceWithoutGaps(UUID conversation, Map<UUID, JsonNode> acked) {
        for (Map.Entry<UUID, JsonNode> entry : acked.entrySet()) {
            List<List<Object>> rows = Db.rows(
                    "SELECT id, seq FROM message WHERE conversation_id = ? AND client_msg_id = ?",
                    conversation,
                    entry.getKey());
            assertEquals(1, rows.size(), "acked message stored exactly once");
            assertEquals(
                    entry.getValue().path("messageId").asText(),
                    rows.get(0).get(0).toString());
            assertEquals(
                    entry.getValue().path("seq").asLong(), ((Number) rows.get(0).get(1)).longValue());
        }
        long count = Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", conversation);
        long max = Db.count("SELECT coalesce(max(seq), 0) FROM message WHERE conversation_id = ?", conversation);
        long lastSeq = Db.count("SELECT last_seq FROM conversation WHERE id = ?", conversation);
        assertEquals(count, max, "seqs 1..max with no gap");
        assertEquals(max, lastSeq, "the conversation's last seq matches what is stored");
        Set<Long> seqs = new HashSet<>();
        acked.values().forEach(ack -> assertTrue(seqs.add(ack.path("seq").asLong()), "one seq per ack"));
    }
}
