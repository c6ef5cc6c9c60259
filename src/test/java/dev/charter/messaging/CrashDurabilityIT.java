package dev.charter.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.StoredMessages;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Kills the server (SIGKILL) in the middle of a stream of sends, restarts it, and proves that every acked
 * message is stored exactly once, seqs have no gap, and retrying the unacked sends creates no duplicate.
 */
public class CrashDurabilityIT {

    private static final Map<String, String> NO_RATE_LIMIT =
            Map.of("CHARTER_WS_SENDS_PER_SECOND", "1000000", "CHARTER_WS_SEND_BURST", "1000000");

    @Test
    void everyAckedMessageSurvivesAKillExactlyOnceWithoutGaps() throws Exception {
        int port = AppProcess.freePort();
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = Tokens.user(alice);
        int total = 3_000;
        List<UUID> clientMsgIds = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            clientMsgIds.add(UUID.randomUUID());
        }
        Map<UUID, JsonNode> acked = new java.util.concurrent.ConcurrentHashMap<>();
        UUID conversation;

        AppProcess app = AppProcess.start(port, NO_RATE_LIMIT);
        try {
            Api.on(port, aliceToken).get("/v1/conversations").then().statusCode(200);
            Api.on(port, Tokens.user(bob)).get("/v1/conversations").then().statusCode(200);
            conversation = UUID.fromString(Api.on(port, aliceToken)
                    .body(Map.of("kind", "direct", "members", List.of(bob)))
                    .post("/v1/conversations")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
            WsClient ws = WsClient.connect(port, aliceToken);
            ws.awaitType("welcome");
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        ws.send(Frames.send("m" + i, conversation, clientMsgIds.get(i), "durable " + i));
                    }
                } catch (RuntimeException connectionGone) {
                    // the server died under us: expected
                }
            });
            sender.start();
            // Collect acks until a good part of the stream is acked, then pull the plug.
            while (acked.size() < 500) {
                JsonNode ack = ws.awaitType("ack");
                acked.put(UUID.fromString(ack.path("clientMsgId").asText()), ack);
            }
            app.kill();
            // Acks that arrived before the kill are still in the client's buffer.
            for (JsonNode ack : ws.drain("ack", java.time.Duration.ofMillis(500))) {
                acked.put(UUID.fromString(ack.path("clientMsgId").asText()), ack);
            }
            sender.join(10_000);
            ws.close();
        } finally {
            app.close();
        }
        assertTrue(acked.size() < total, "the kill must interrupt the stream (acked " + acked.size() + ")");

        app = AppProcess.start(port, NO_RATE_LIMIT);
        try {
            StoredMessages.assertAckedStoredOnceWithoutGaps(conversation, acked);
            // The client resends everything it has no ack for, with the same clientMsgIds.
            try (WsClient ws = WsClient.connect(port, aliceToken)) {
                ws.awaitType("welcome");
                for (int i = 0; i < total; i++) {
                    if (!acked.containsKey(clientMsgIds.get(i))) {
                        ws.send(Frames.send("m" + i, conversation, clientMsgIds.get(i), "durable " + i));
                    }
                }
                for (int i = 0; i < total; i++) {
                    if (!acked.containsKey(clientMsgIds.get(i))) {
                        JsonNode ack = ws.awaitRef("m" + i);
                        assertEquals("ack", ack.path("type").asText(), ack.toString());
                        acked.put(clientMsgIds.get(i), ack);
                    }
                }
            }
            assertEquals(total, acked.size());
            StoredMessages.assertAckedStoredOnceWithoutGaps(conversation, acked);
            assertEquals(total, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", conversation));
        } finally {
            app.close();
        }
    }
}
