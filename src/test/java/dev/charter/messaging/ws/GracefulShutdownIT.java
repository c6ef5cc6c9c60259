package dev.charter.messaging.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM in the middle of a stream of sends: every connected client is closed with 1001 (going away),
 * every acked message is stored, and after a restart the unacked ones (if the drain did not ack them all),
 * resent with the same clientMsgIds, are stored exactly once.
 */
public class GracefulShutdownIT {

    private static final Map<String, String> NO_RATE_LIMIT =
            Map.of("CHARTER_WS_SENDS_PER_SECOND", "1000000", "CHARTER_WS_SEND_BURST", "1000000");

    @Test
    void sigtermClosesSocketsWith1001AndLosesNoAckedMessage() throws Exception {
        int port = Integer.getInteger("shutdown.port", AppProcess.freePort());
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = Tokens.user(alice);
        int total = 2_000;
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            ids.add(UUID.randomUUID());
        }
        Map<UUID, JsonNode> acked = new ConcurrentHashMap<>();
        UUID conversation;

        AppProcess app = AppProcess.start(port, NO_RATE_LIMIT);
        try {
            Api.on(port, Tokens.user(bob)).get("/v1/conversations").then().statusCode(200);
            conversation = UUID.fromString(Api.on(port, aliceToken)
                    .body(Map.of("kind", "direct", "members", List.of(bob)))
                    .post("/v1/conversations")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
            WsClient bobWs = WsClient.connect(port, Tokens.user(bob));
            bobWs.awaitType("welcome");
            WsClient ws = WsClient.connect(port, aliceToken);
            ws.awaitType("welcome");
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        ws.send(frame(conversation, ids.get(i), i));
                    }
                } catch (RuntimeException closed) {
                    // the server went away under us: expected
                }
            });
            sender.start();
            while (acked.size() < 300) {
                JsonNode ack = ws.awaitType("ack");
                acked.put(UUID.fromString(ack.path("clientMsgId").asText()), ack);
            }
            int exit = app.terminate();
            assertEquals(1001, ws.awaitClose(), "the sender is told the server is going away");
            assertEquals(1001, bobWs.awaitClose(), "so is every other client");
            for (JsonNode ack : ws.drain("ack", Duration.ofMillis(200))) {
                acked.put(UUID.fromString(ack.path("clientMsgId").asText()), ack);
            }
            sender.join(10_000);
            ws.close();
            bobWs.close();
            assertTrue(exit == 0 || exit == 143, "a clean exit on SIGTERM, got " + exit);
            assertAckedAreStored(conversation, acked);
        } finally {
            app.close();
        }

        app = AppProcess.start(port, NO_RATE_LIMIT);
        try (WsClient ws = WsClient.connect(port, aliceToken)) {
            ws.awaitType("welcome");
            for (int i = 0; i < total; i++) {
                if (!acked.containsKey(ids.get(i))) {
                    ws.send(frame(conversation, ids.get(i), i));
                }
            }
            for (int i = 0; i < total; i++) {
                if (!acked.containsKey(ids.get(i))) {
                    JsonNode ack = ws.awaitRef("m" + i);
                    assertEquals("ack", ack.path("type").asText(), ack.toString());
                    acked.put(ids.get(i), ack);
                }
            }
            assertAckedAreStored(conversation, acked);
            assertEquals(total, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", conversation));
        } finally {
            app.close();
        }
    }

    private static ObjectNode frame(UUID conversation, UUID clientMsgId, int i) {
        return WsClient.frame("send", "m" + i)
                .put("conversation", conversation.toString())
                .put("clientMsgId", clientMsgId.toString())
                .put("text", "going away " + i);
    }

    private static void assertAckedAreStored(UUID conversation, Map<UUID, JsonNode> acked) {
        Map<UUID, String> stored = new java.util.HashMap<>();
        for (List<Object> row :
                Db.rows("SELECT client_msg_id, id FROM message WHERE conversation_id = ?", conversation)) {
            assertEquals(null, stored.put((UUID) row.get(0), row.get(1).toString()), "stored once");
        }
        for (Map.Entry<UUID, JsonNode> entry : acked.entrySet()) {
            assertEquals(
                    entry.getValue().path("messageId").asText(),
                    stored.get(entry.getKey()),
                    "acked message " + entry.getKey() + " is stored");
        }
    }
}
