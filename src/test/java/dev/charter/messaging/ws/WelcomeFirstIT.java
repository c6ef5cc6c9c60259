package dev.charter.messaging.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.RawWs;
import dev.charter.testsupport.Tokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by {@code FrameFuzzIT}): a member connecting while their conversation is busy got a
 * {@code message} frame before {@code welcome}. The welcome is the first frame, always.
 */
public class WelcomeFirstIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void welcomeIsTheFirstFrameEvenWhileMessagesFlow() throws Exception {
        int port = Integer.getInteger("welcome.port", AppProcess.freePort());
        Map<String, String> env = Map.of(
                "CHARTER_WS_SENDS_PER_SECOND",
                "1000000",
                "CHARTER_WS_SEND_BURST",
                "1000000",
                "CHARTER_WS_MAX_CONNECTIONS_PER_USER",
                "1000");
        try (AppProcess app = AppProcess.start(port, env)) {
            String alice = Tokens.newUserId("alice");
            String bob = Tokens.newUserId("bob");
            Api.on(port, Tokens.user(bob)).get("/v1/conversations").then().statusCode(200);
            UUID conversation = UUID.fromString(Api.on(port, Tokens.user(alice))
                    .body(Map.of("kind", "direct", "members", List.of(bob)))
                    .post("/v1/conversations")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread flood = new Thread(() -> {
                try (RawWs sender = RawWs.connect(port, Tokens.user(alice))) {
                    sender.read();
                    Thread reader = new Thread(() -> {
                        try {
                            while (sender.read() != null) {
                                // acks
                            }
                        } catch (Exception closed) {
                            // done
                        }
                    });
                    reader.start();
                    while (flooding.get()) {
                        sender.sendText(JSON.createObjectNode()
                                .put("type", "send")
                                .put("ref", "r")
                                .put("conversation", conversation.toString())
                                .put("clientMsgId", UUID.randomUUID().toString())
                                .put("text", "busy")
                                .toString());
                        Thread.sleep(1);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            flood.start();
            try {
                String bobToken = Tokens.user(bob);
                for (int i = 0; i < 200; i++) {
                    try (RawWs ws = RawWs.connect(port, bobToken)) {
                        assertEquals(
                                "welcome",
                                JSON.readTree(ws.read().payload()).path("type").asText(),
                                "connection " + i);
                    }
                }
            } finally {
                flooding.set(false);
                flood.join(10_000);
            }
        }
    }
}
