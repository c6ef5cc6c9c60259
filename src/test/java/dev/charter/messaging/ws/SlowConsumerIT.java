package dev.charter.messaging.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Management;
import dev.charter.testsupport.RawWs;
import dev.charter.testsupport.Tokens;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A member who stops reading while the others receive a flood: the server must not buffer for them without
 * bound (close 1008 past {@code charter.ws.max-outbound-frames} or {@code charter.ws.max-outbound-bytes}) nor
 * hold up the other members, who receive every message in order. The app runs in a small heap; the flood is
 * several times what it could buffer.
 */
public class SlowConsumerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGES = 600;
    private static final String BODY = "x".repeat(40_000);

    @Test
    void aMemberWhoDoesNotReadIsClosedAndNobodyElseWaits() throws Exception {
        // 300 frames of 40 KB: the silent member (4 KiB receive buffer) reaches it long before the 600th
        // message, while the reading member, whose test thread parses each frame, has slack for a busy machine.
        floodWithASilentMember(Map.of(
                "CHARTER_WS_SENDS_PER_SECOND",
                "1000000",
                "CHARTER_WS_SEND_BURST",
                "1000000",
                "CHARTER_WS_MAX_OUTBOUND_FRAMES",
                "300"));
    }

    @Test
    void theBytesASilentMemberHoldsAreBoundedWhateverTheFrameCount() throws Exception {
        // No frame count would stop it here: the 600 frames (24 MB) would all wait in the server's memory for
        // the silent member. 1 MiB unsent is about 25 of them, on top of what the kernel's buffers take.
        floodWithASilentMember(Map.of(
                "CHARTER_WS_SENDS_PER_SECOND",
                "1000000",
                "CHARTER_WS_SEND_BURST",
                "1000000",
                "CHARTER_WS_MAX_OUTBOUND_FRAMES",
                "1000000",
                "CHARTER_WS_MAX_OUTBOUND_BYTES",
                "1048576"));
    }

    private void floodWithASilentMember(Map<String, String> env) throws Exception {
        int port = Integer.getInteger("slow.port", AppProcess.freePort());
        try (AppProcess app = AppProcess.start(port, env, List.of("-Xmx128m"))) {
            String alice = Tokens.newUserId("alice");
            String bob = Tokens.newUserId("bob");
            String carol = Tokens.newUserId("carol");
            for (String user : List.of(alice, bob, carol)) {
                Api.on(port, Tokens.user(user)).get("/v1/conversations").then().statusCode(200);
            }
            UUID conversation = UUID.fromString(Api.on(port, Tokens.user(alice))
                    .body(Map.of("kind", "group", "title", "flood", "members", List.of(bob, carol)))
                    .post("/v1/conversations")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));

            RawWs slow = RawWs.connect(port, Tokens.user(carol), 4096);
            assertEquals("welcome", type(slow.read()));
            RawWs fast = RawWs.connect(port, Tokens.user(bob));
            assertEquals("welcome", type(fast.read()));
            CompletableFuture<Long> fastReceived = CompletableFuture.supplyAsync(() -> readInOrder(fast));

            try (RawWs sender = RawWs.connect(port, Tokens.user(alice))) {
                assertEquals("welcome", type(sender.read()));
                CompletableFuture<Integer> acks = CompletableFuture.supplyAsync(() -> countAcks(sender));
                for (int i = 0; i < MESSAGES; i++) {
                    sender.sendText(JSON.createObjectNode()
                            .put("type", "send")
                            .put("ref", "m" + i)
                            .put("conversation", conversation.toString())
                            .put("clientMsgId", UUID.randomUUID().toString())
                            .put("text", i + " " + BODY)
                            .toString());
                }
                assertEquals(MESSAGES, acks.get().intValue(), "every send acked");
            }
            assertEquals(MESSAGES, fastReceived.get().longValue(), "the reading member got every message in order");

            // The slow member now reads what reached its socket: part of the flood, then close 1008.
            int messages = 0;
            int closeCode = -1;
            try {
                while (true) {
                    RawWs.Message message = slow.read();
                    assertNotNull(message, "the server closes the slow connection");
                    if (message.isClose()) {
                        closeCode = message.closeCode();
                        break;
                    }
                    messages++;
                }
            } catch (IOException closedAfterTimeout) {
                // Vert.x drops the TCP connection if the close handshake cannot complete in time.
            } finally {
                slow.close();
            }
            assertTrue(messages < MESSAGES, "the slow member was cut off (" + messages + " messages)");
            assertTrue(closeCode == 1008 || closeCode == -1, "closed with 1008, got " + closeCode);
            assertTrue(app.isAlive());
            assertEquals(200, Management.readiness(app.managementPort));
            fast.close();
        }
    }

    private static String type(RawWs.Message message) throws IOException {
        return JSON.readTree(message.payload()).path("type").asText();
    }

    /** Counts {@code message} frames, failing unless seqs arrive as 1, 2, 3, ... */
    private static long readInOrder(RawWs ws) {
        try {
            long expected = 1;
            while (expected <= MESSAGES) {
                RawWs.Message message = ws.read();
                assertNotNull(message, "the fast member is never held up (stuck at seq " + expected + ")");
                assertFalse(
                        message.isClose(),
                        "the fast member was closed with " + message.closeCode() + " at seq " + expected);
                JsonNode frame = JSON.readTree(message.payload());
                if ("message".equals(frame.path("type").asText())) {
                    assertEquals(expected, frame.path("seq").asLong(), "in seq order");
                    expected++;
                }
            }
            return expected - 1;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int countAcks(RawWs ws) {
        try {
            int acks = 0;
            while (acks < MESSAGES) {
                RawWs.Message message = ws.read();
                assertNotNull(message, "acks keep coming");
                JsonNode frame = JSON.readTree(message.payload());
                assertEquals("ack", frame.path("type").asText(), frame.toString());
                acks++;
            }
            return acks;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
