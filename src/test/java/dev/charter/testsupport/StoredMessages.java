package dev.charter.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the database holds of a conversation's messages, against what the server acked. */
public final class StoredMessages {

    private StoredMessages() {
    }

    /**
     * No clientMsgId is stored twice in {@code conversation}, and each of {@code clientMsgIds} is stored under the
     * message id it was acked with ({@code ackedIds}: clientMsgId -> messageId); one never acked must not be stored.
     */
    public static void assertStoredOnceAsAcked(UUID conversation, Collection<UUID> clientMsgIds,
            Map<UUID, String> ackedIds) {
        List<List<Object>> rows = Db.rows("SELECT client_msg_id, id FROM message WHERE conversation_id = ?",
                conversation);
        Map<UUID, String> stored = new HashMap<>();
        for (List<Object> row : rows) {
            String earlier = stored.put((UUID) row.get(0), row.get(1).toString());
            assertTrue(earlier == null, "clientMsgId " + row.get(0) + " stored twice");
        }
        for (UUID clientMsgId : clientMsgIds) {
            assertEquals(ackedIds.get(clientMsgId), stored.get(clientMsgId), "valid send " + clientMsgId
                    + " acked and stored once, with the acked id");
        }
    }
}
