package dev.charter.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** The contract's payloads: they name the conversation and seq only, never the sender or any text. */
final class PushPayloads {

    private PushPayloads() {}

    static String apns(ObjectMapper json, UUID conversation, long seq) {
        ObjectNode root = json.createObjectNode();
        ObjectNode aps = root.putObject("aps");
        aps.putObject("alert").put("loc-key", "charter_new_message");
        aps.put("mutable-content", 1);
        aps.put("thread-id", conversation.toString());
        root.put("conversation", conversation.toString());
        root.put("seq", seq);
        return root.toString();
    }

    static String fcm(ObjectMapper json, String token, UUID conversation, long seq) {
        ObjectNode root = json.createObjectNode();
        ObjectNode message = root.putObject("message");
        message.put("token", token);
        message.putObject("data").put("conversation", conversation.toString()).put("seq", Long.toString(seq));
        message.putObject("android")
                .put("collapse_key", conversation.toString())
                .put("priority", "high");
        return root.toString();
    }
}
