package dev.charter.messaging.ws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.common.ErrorCodes;
import dev.charter.franking.Franking;
import dev.charter.messaging.ClientFrame;
import dev.charter.messaging.MessageAttachments;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Decodes a text frame into a {@link ClientFrame}, or says precisely what is wrong with it. */
@Singleton
class FrameReader {

    /** Why a frame was refused; {@code ref} is the frame's when it could be read. */
    static final class BadFrame extends Exception {
        final String ref;
        final String code;

        BadFrame(String ref, String code, String message) {
            super(message, null, false, false);
            this.ref = ref;
            this.code = code;
        }
    }

    private static final int DEFAULT_SYNC_LIMIT = 100;
    /** No frame needs more: a hostile one (10,000 nested arrays) fails fast instead of exhausting the stack. */
    static final int MAX_NESTING_DEPTH = 32;
    /** Longest number literal; keeps a 60,000-digit number from costing quadratic parse time. */
    static final int MAX_NUMBER_LENGTH = 100;

    private final ObjectMapper mapper;
    private final WsConfig config;

    FrameReader(WsConfig config) {
        this.config = config;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(Math.max(1, config.maxFrameBytes()))
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    ClientFrame read(String raw) throws BadFrame {
        if (tooLarge(raw)) {
            throw new BadFrame(
                    refOf(raw),
                    ErrorCodes.PAYLOAD_TOO_LARGE,
                    "Frames are limited to " + config.maxFrameBytes() + " bytes.");
        }
        ClientFrame.Send send = plainSend(raw);
        if (send != null) {
            return send;
        }
        JsonNode node;
        try {
            node = mapper.readTree(raw);
        } catch (StreamConstraintsException e) {
            throw new BadFrame(
                    null,
                    ErrorCodes.INVALID_FRAME,
                    "The frame exceeds the JSON limits (nesting depth " + MAX_NESTING_DEPTH + ", numbers of "
                            + MAX_NUMBER_LENGTH + " digits).");
        } catch (IOException e) {
            throw new BadFrame(null, ErrorCodes.INVALID_FRAME, "The frame is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw new BadFrame(null, ErrorCodes.INVALID_FRAME, "A frame is one JSON object.");
        }
        String ref = node.path("ref").isValueNode() && !node.path("ref").isNull()
                ? node.get("ref").asText()
                : null;
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new BadFrame(ref, ErrorCodes.INVALID_FRAME, "The frame has no string 'type'.");
        }
        return switch (type.asText()) {
            case "send" -> send(node, ref);
            case "sync" ->
                new ClientFrame.Sync(
                        ref, uuid(node, "conversation", ref), nonNegative(node, "afterSeq", 0, ref), limit(node, ref));
            case "read" -> new ClientFrame.Read(ref, uuid(node, "conversation", ref), requiredSeq(node, ref));
            case "ping" -> new ClientFrame.Ping(ref);
            case "edit" -> edit(node, ref);
            case "unsend" -> new ClientFrame.Unsend(ref, uuid(node, "conversation", ref), requiredSeq(node, ref));
            case "typing" -> new ClientFrame.Typing(ref, uuid(node, "conversation", ref));
            default -> throw new BadFrame(ref, ErrorCodes.UNKNOWN_TYPE, "Unknown frame type.");
        };
    }

    /**
     * The common frame, a well-formed {@code send} whose fields are all strings, read straight off the parser:
     * building a JSON tree for it was a tenth of what the server allocated per message. Anything else (other
     * types, unknown or repeated fields, other value types, a frame to refuse) returns null and is read as a
     * tree, so every answer, error messages included, stays what {@link #read} gives for it.
     */
    private ClientFrame.Send plainSend(String raw) {
        String type = null;
        String ref = null;
        String conversation = null;
        String clientMsgId = null;
        String text = null;
        String ciphertext = null;
        try (JsonParser parser = mapper.getFactory().createParser(raw)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() != JsonToken.VALUE_STRING) {
                    return null;
                }
                String value = parser.getText();
                switch (name) {
                    case "type" -> type = sendOnly(firstOnly(type, value));
                    case "ref" -> ref = firstOnly(ref, value);
                    case "conversation" -> conversation = firstOnly(conversation, value);
                    case "clientMsgId" -> clientMsgId = firstOnly(clientMsgId, value);
                    case "text" -> text = firstOnly(text, value);
                    case "ciphertext" -> ciphertext = firstOnly(ciphertext, value);
                    default -> throw new NotPlain();
                }
            }
            if (token != JsonToken.END_OBJECT
                    || !"send".equals(type)
                    || conversation == null
                    || clientMsgId == null
                    || (text == null) == (ciphertext == null)
                    || (text != null ? text : ciphertext).isEmpty()) {
                return null;
            }
            return new ClientFrame.Send(
                    ref, UUID.fromString(conversation), UUID.fromString(clientMsgId), text, ciphertext);
        } catch (IOException | IllegalArgumentException | NotPlain e) {
            return null;
        }
    }

    /** A frame {@link #plainSend} leaves to the tree reader. */
    private static final class NotPlain extends RuntimeException {
        NotPlain() {
            super(null, null, false, false);
        }
    }

    /** Other types leave at once: read twice otherwise (here, then as a tree). */
    private static String sendOnly(String type) {
        if (!"send".equals(type)) {
            throw new NotPlain();
        }
        return type;
    }

    private static String firstOnly(String seen, String value) {
        if (seen != null) {
            throw new NotPlain(); // a repeated field: the tree reader decides which one counts
        }
        return value;
    }

    private ClientFrame send(JsonNode node, String ref) throws BadFrame {
        UUID conversation = uuid(node, "conversation", ref);
        UUID clientMsgId = uuid(node, "clientMsgId", ref);
        JsonNode text = node.get("text");
        JsonNode ciphertext = node.get("ciphertext");
        boolean hasText = text != null && !text.isNull();
        boolean hasCiphertext = ciphertext != null && !ciphertext.isNull();
        if (hasText == hasCiphertext) {
            throw new BadFrame(ref, ErrorCodes.INVALID_FRAME, "A send carries exactly one of 'text' and 'ciphertext'.");
        }
        JsonNode body = hasText ? text : ciphertext;
        if (!body.isTextual() || body.asText().isEmpty()) {
            throw new BadFrame(ref, ErrorCodes.INVALID_FRAME, "The message body must be a non-empty string.");
        }
        return new ClientFrame.Send(
                ref,
                conversation,
                clientMsgId,
                hasText ? body.asText() : null,
                hasCiphertext ? body.asText() : null,
                attachments(node.get("attachments"), ref),
                frankingCommitment(node.get("franking"), ref));
    }

    /** {@code "franking":{"commitment":"<base64url of 32 bytes>"}}: absent or null means none. */
    private static byte[] frankingCommitment(JsonNode value, String ref) throws BadFrame {
        if (value == null || value.isNull()) {
            return null;
        }
        JsonNode commitment = value.path("commitment");
        try {
            if (!value.isObject() || !commitment.isTextual()) {
                throw new IllegalArgumentException();
            }
            return Franking.decode(commitment.asText(), Franking.COMMITMENT_BYTES);
        } catch (IllegalArgumentException e) {
            throw new BadFrame(
                    ref,
                    ErrorCodes.INVALID_FRAME,
                    "'franking.commitment' must be base64url of " + Franking.COMMITMENT_BYTES + " bytes.");
        }
    }

    /** {@code "attachments":["<uuid>",…]}: absent or null means none; at most 10, each once. */
    private static List<UUID> attachments(JsonNode value, String ref) throws BadFrame {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > MessageAttachments.MAX_PER_MESSAGE) {
            throw new BadFrame(
                    ref,
                    ErrorCodes.INVALID_FRAME,
                    "'attachments' must be an array of at most " + MessageAttachments.MAX_PER_MESSAGE
                            + " attachment ids.");
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (JsonNode id : value) {
            try {
                if (!id.isTextual() || !ids.add(UUID.fromString(id.asText()))) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new BadFrame(
                        ref, ErrorCodes.INVALID_FRAME, "'attachments' must list distinct attachment ids (UUIDs).");
            }
        }
        return List.copyOf(ids);
    }

    private static ClientFrame edit(JsonNode node, String ref) throws BadFrame {
        UUID conversation = uuid(node, "conversation", ref);
        long seq = requiredSeq(node, ref);
        JsonNode text = node.get("text");
        JsonNode ciphertext = node.get("ciphertext");
        boolean hasText = text != null && !text.isNull();
        boolean hasCiphertext = ciphertext != null && !ciphertext.isNull();
        if (hasText == hasCiphertext) {
            throw new BadFrame(
                    ref, ErrorCodes.INVALID_FRAME, "An edit carries exactly one of 'text' and 'ciphertext'.");
        }
        JsonNode body = hasText ? text : ciphertext;
        if (!body.isTextual() || body.asText().isEmpty()) {
            throw new BadFrame(ref, ErrorCodes.INVALID_FRAME, "The message body must be a non-empty string.");
        }
        return new ClientFrame.Edit(
                ref, conversation, seq, hasText ? body.asText() : null, hasCiphertext ? body.asText() : null);
    }

    private static UUID uuid(JsonNode node, String field, String ref) throws BadFrame {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new BadFrame(ref, ErrorCodes.INVALID_FRAME, "'" + field + "' must be a UUID string.");
        }
        try {
            return UUID.fromString(value.asText());
        } catch (IllegalArgumentException e) {
            throw new BadFrame(ref, ErrorCodes.INVALID_FRAME, "'" + field + "' must be a UUID string.");
        }
    }

    private static long requiredSeq(JsonNode node, String ref) throws BadFrame {
        if (node.get("seq") == null) {
            throw new BadFrame(ref, ErrorCodes.INVALID_FRAME, "'seq' is required.");
        }
        return nonNegative(node, "seq", 0, ref);
    }

    private static long nonNegative(JsonNode node, String field, long fallback, String ref) throws BadFrame {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new BadFrame(ref, ErrorCodes.INVALID_FRAME, "'" + field + "' must be a non-negative integer.");
        }
        return value.asLong();
    }

    private int limit(JsonNode node, String ref) throws BadFrame {
        long limit = nonNegative(node, "limit", DEFAULT_SYNC_LIMIT, ref);
        if (limit < 1) {
            throw new BadFrame(ref, ErrorCodes.INVALID_FRAME, "'limit' must be at least 1.");
        }
        return (int) Math.min(limit, config.maxSyncLimit());
    }

    private boolean tooLarge(String raw) {
        int max = config.maxFrameBytes();
        if (raw.length() > max) {
            return true;
        }
        if ((long) raw.length() * 3 <= max) {
            return false;
        }
        return raw.getBytes(StandardCharsets.UTF_8).length > max;
    }

    /** The top-level {@code ref} of an oversized frame, read without building the whole tree. */
    private String refOf(String raw) {
        try (JsonParser parser = mapper.getFactory().createParser(raw)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("ref".equals(name) && value.isScalarValue()) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
