package dev.charter.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

/** Sending and reading messages as a test user, on the test instance (or another port). */
public final class Chat {

    private Chat() {}

    public static int port() {
        return RestAssured.port;
    }

    /** Sends each text over a fresh WebSocket and waits for every ack. */
    public static void send(int port, String token, UUID conversation, List<String> texts) {
        try (WsClient ws = WsClient.connect(port, token)) {
            ws.awaitType("welcome");
            for (int i = 0; i < texts.size(); i++) {
                ws.send(Frames.send("s" + i, conversation, texts.get(i)));
            }
            for (int i = 0; i < texts.size(); i++) {
                JsonNode reply = ws.awaitRef("s" + i);
                assertEquals("ack", reply.path("type").asText(), reply.toString());
            }
        }
    }

    public static void send(String token, UUID conversation, String... texts) {
        send(port(), token, conversation, List.of(texts));
    }

    /** The conversation's history as the given user sees it (REST). */
    public static List<JsonNode> history(int port, String token, UUID conversation) {
        String body = Api.on(port, token)
                .get("/v1/conversations/" + conversation + "/messages?limit=500")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        try {
            JsonNode page = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            List<JsonNode> messages = new java.util.ArrayList<>();
            page.path("messages").forEach(messages::add);
            return messages;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<JsonNode> history(String token, UUID conversation) {
        return history(port(), token, conversation);
    }

    /**
     * The device hears messages seq 1 to {@code count}, each once and in order, seq {@code i} with the text
     * {@code textOf.apply(i)}, and no further message within {@code quiet}.
     */
    public static void assertDeliveredOnceInOrder(
            WsClient device, int count, IntFunction<String> textOf, Duration quiet) {
        for (int i = 1; i <= count; i++) {
            JsonNode message = device.awaitType("message");
            assertEquals(i, message.path("seq").asLong());
            assertEquals(textOf.apply(i), message.path("text").asText());
        }
        assertTrue(device.drain("message", quiet).isEmpty(), "exactly once");
    }
}
