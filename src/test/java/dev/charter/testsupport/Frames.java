package dev.charter.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.UUID;

/**
 * Client frames of the WebSocket contract as raw JSON text (for {@link RawWs} and {@link WsClient#send(String)}), and
 * reading the server's.
 */
public final class Frames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {}

    /** A {@code send} of a plain-text message. */
    public static String send(String ref, UUID conversation, UUID clientMsgId, String text) {
        return JSON.createObjectNode()
                .put("type", "send")
                .put("ref", ref)
                .put("conversation", conversation.toString())
                .put("clientMsgId", clientMsgId.toString())
                .put("text", text)
                .toString();
    }

    /** A {@code send} of a plain-text message under a fresh clientMsgId. */
    public static String send(String ref, UUID conversation, String text) {
        return send(ref, conversation, UUID.randomUUID(), text);
    }

    /** A {@code send} of an end-to-end encrypted message ({@code ciphertext} in base64) under a fresh clientMsgId. */
    public static String sendCiphertext(String ref, UUID conversation, String ciphertext) {
        return JSON.createObjectNode()
                .put("type", "send")
                .put("ref", ref)
                .put("conversation", conversation.toString())
                .put("clientMsgId", UUID.randomUUID().toString())
                .put("ciphertext", ciphertext)
                .toString();
    }

    /** A {@code sync} of the conversation's messages after {@code afterSeq}, at most {@code limit} of them. */
    public static String sync(String ref, UUID conversation, long afterSeq, int limit) {
        return JSON.createObjectNode()
                .put("type", "sync")
                .put("ref", ref)
                .put("conversation", conversation.toString())
                .put("afterSeq", afterSeq)
                .put("limit", limit)
                .toString();
    }

    /** A {@code sync} after {@code afterSeq}, with the server's default limit. */
    public static String sync(String ref, UUID conversation, long afterSeq) {
        return JSON.createObjectNode()
                .put("type", "sync")
                .put("ref", ref)
                .put("conversation", conversation.toString())
                .put("afterSeq", afterSeq)
                .toString();
    }

    /** A {@code read} marking the conversation read up to {@code seq}. */
    public static String read(String ref, UUID conversation, long seq) {
        return JSON.createObjectNode()
                .put("type", "read")
                .put("ref", ref)
                .put("conversation", conversation.toString())
                .put("seq", seq)
                .toString();
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
