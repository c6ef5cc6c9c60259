package dev.charter.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.UUID;

/** Client frames of the WebSocket contract as raw JSON text, and reading the server's, for {@link RawWs}. */
public final class Frames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {
    }

    /** A {@code send} of a plain-text message. */
    public static String send(String ref, UUID conversation, UUID clientMsgId, String text) {
        return JSON.createObjectNode().put("type", "send").put("ref", ref).put("conversation",
                conversation.toString()).put("clientMsgId", clientMsgId.toString()).put("text", text).toString();
    }

    public static String ping(String ref) {
        return "{\"type\":\"ping\",\"ref\":\"" + ref + "\"}";
    }

    /** A text message of the server read as JSON. */
    public static JsonNode json(RawWs.Message message) throws IOException {
        return JSON.readTree(message.text());
    }

    /** Reads the first frame of a new connection, which must be its {@code welcome}. */
    public static void assertWelcome(RawWs ws) throws IOException {
        RawWs.Message welcome = ws.read();
        assertNotNull(welcome, "welcome");
        assertEquals("welcome", json(welcome).path("type").asText());
    }
}
