package dev.charter.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.RawWs;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The frames {@link FrameFuzzIT} sends on one connection, drawn from a seeded {@link Random}: valid sends (a
 * tenth of them retries of earlier ones) and valid frames of every other type, mixed with broken JSON, random
 * JSON, well-formed frames with wrong types or values in their fields (huge numbers, deep nesting), binary
 * frames, text frames that are not UTF-8, and frames around and over both size limits.
 */
final class HostileFrames {

    /**
     * One frame to send.
     *
     * @param validUtf8 false for a text frame whose bytes are not UTF-8
     * @param validSend the clientMsgId of a valid send of the sender's own conversation, else null
     * @param firstSend a valid send whose clientMsgId was not sent before (not a retry)
     */
    record Frame(byte[] bytes, int opcode, boolean validUtf8, UUID validSend, boolean firstSend) {

        /** The frame's ref, for a valid send (a frame of JSON text). */
        String ref() {
            try {
                return JSON.readTree(bytes).path("ref").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] FIELDS = {
        {"send", "type", "ref", "conversation", "clientMsgId", "text", "ciphertext"},
        {"sync", "type", "ref", "conversation", "afterSeq", "limit"},
        {"read", "type", "ref", "conversation", "seq"},
        {"ping", "type", "ref"},
    };

    private final UUID conversation;
    private final List<UUID> others;
    private final Random random;
    /** clientMsgId -> text of every valid send so far. */
    private final Map<UUID, String> texts = new HashMap<>();

    private int refs;

    /**
     * @param conversation the sender's own conversation, where valid sends go
     * @param others conversations to aim valid frames of other types at (some of them the sender's)
     */
    HostileFrames(UUID conversation, List<UUID> others, Random random) {
        this.conversation = conversation;
        this.others = others;
        this.random = random;
    }

    /** How many frames to send before reading the replies: mostly one, now and then up to 30. */
    int batchSize() {
        return random.nextInt(10) == 0 ? 1 + random.nextInt(30) : 1;
    }

    Frame next() {
        int dice = random.nextInt(1000);
        if (dice < 120) {
            return validSend();
        }
        if (dice < 150) {
            return text(validOther());
        }
        if (dice < 160) {
            return binary();
        }
        if (dice < 170) {
            return invalidUtf8();
        }
        if (dice < 178) {
            return big();
        }
        if (dice < 330) {
            return text(brokenJson());
        }
        if (dice < 420) {
            return text(randomJson(0).toString());
        }
        return text(wrongField());
    }

    /** A ping, which tells whether a connection still reads after frames that get no reply. */
    Frame ping() {
        return text(Frames.ping(nextRef()));
    }

    /** Every valid send so far (their clientMsgIds). */
    Set<UUID> validSends() {
        return texts.keySet();
    }

    /** The valid send of {@code clientMsgId} again, under a new ref. */
    String resend(UUID clientMsgId) {
        return Frames.send("resend-" + clientMsgId, conversation, clientMsgId, texts.get(clientMsgId));
    }

    /** The frames' kinds, sizes and first 200 bytes, for an assertion's message. */
    static String describe(List<Frame> frames) {
        StringBuilder b = new StringBuilder();
        for (Frame frame : frames) {
            String text = new String(frame.bytes(), 0, Math.min(frame.bytes().length, 200), StandardCharsets.UTF_8);
            b.append("\n  [")
                    .append(frame.opcode() == RawWs.BINARY ? "binary " : "text ")
                    .append(frame.bytes().length)
                    .append("B] ")
                    .append(text);
        }
        return b.toString();
    }

    private Frame validSend() {
        UUID clientMsgId;
        boolean first;
        if (!texts.isEmpty() && random.nextInt(10) == 0) {
            // A retry of an earlier send: same clientMsgId, must not create a second message.
            List<UUID> known = new ArrayList<>(texts.keySet());
            clientMsgId = known.get(random.nextInt(known.size()));
            first = false;
        } else {
            clientMsgId = new UUID(random.nextLong(), random.nextLong());
            first = true;
            texts.put(clientMsgId, "fuzz " + bodyText(1 + random.nextInt(200)));
        }
        String json = Frames.send(nextRef(), conversation, clientMsgId, texts.get(clientMsgId));
        return new Frame(json.getBytes(StandardCharsets.UTF_8), RawWs.TEXT, true, clientMsgId, first);
    }

    /** Valid in form, often refused on substance: other people's or unknown conversations. */
    private String validOther() {
        UUID target = switch (random.nextInt(3)) {
            case 0 -> conversation;
            case 1 -> others.get(random.nextInt(others.size()));
            default -> UUID.randomUUID();
        };
        var node = JSON.createObjectNode();
        switch (random.nextInt(4)) {
            case 0 -> node.put("type", "ping").put("ref", nextRef());
            case 1 ->
                node.put("type", "sync")
                        .put("ref", nextRef())
                        .put("conversation", target.toString())
                        .put("afterSeq", random.nextInt(50))
                        .put("limit", 1 + random.nextInt(5));
            case 2 ->
                node.put("type", "read")
                        .put("ref", nextRef())
                        .put("conversation", target.toString())
                        .put("seq", random.nextInt(100));
            default ->
                node.put("type", "send")
                        .put("ref", nextRef())
                        .put("conversation", target.toString())
                        .put("clientMsgId", UUID.randomUUID().toString())
                        .put("ciphertext", "AAAA");
        }
        return node.toString();
    }

    /** A well-formed frame of a contract type with one or more fields of a wrong type or value. */
    private String wrongField() {
        String[] fields = FIELDS[random.nextInt(FIELDS.length)];
        var node = JSON.createObjectNode();
        node.put("type", fields[0])
                .put("ref", nextRef())
                .put("conversation", others.get(0).toString())
                .put("clientMsgId", UUID.randomUUID().toString())
                .put("afterSeq", 0)
                .put("limit", 2)
                .put("seq", 1);
        if (fields[0].equals("send")) {
            node.put("text", "x");
        }
        int changes = 1 + random.nextInt(2);
        for (int i = 0; i < changes; i++) {
            String field = fields[1 + random.nextInt(fields.length - 1)];
            if (random.nextInt(6) == 0) {
                node.remove(field);
            } else {
                node.set(field, hostileValue());
            }
        }
        return node.toString();
    }

    private JsonNode hostileValue() {
        var f = JSON.getNodeFactory();
        return switch (random.nextInt(16)) {
            case 0 -> f.numberNode(random.nextLong());
            case 1 -> f.numberNode(random.nextDouble() * 1e300);
            case 2 -> f.numberNode(new BigInteger(60 + random.nextInt(100), random));
            case 3 -> f.numberNode(new BigDecimal("1e" + (random.nextInt(2_000_000) - 1_000_000)));
            case 4 -> f.booleanNode(random.nextBoolean());
            case 5 -> f.nullNode();
            case 6 -> f.arrayNode().add(1).add("x");
            case 7 -> f.objectNode().put("a", 1);
            case 8 -> f.textNode("");
            case 9 -> f.textNode(randomText(1 + random.nextInt(40)));
            case 10 -> f.textNode(UUID.randomUUID().toString().toUpperCase() + (random.nextBoolean() ? "x" : ""));
            case 11 -> f.textNode("00000000-0000-0000-0000-000000000000");
            case 12 -> f.numberNode(-1 - random.nextInt(1000));
            case 13 -> f.textNode("x".repeat(FrameContractChecker.MAX_FRAME_BYTES - 300 + random.nextInt(600)));
            case 14 -> f.numberNode(Long.MAX_VALUE);
            default -> deep(1 + random.nextInt(100));
        };
    }

    private JsonNode deep(int depth) {
        var f = JSON.getNodeFactory();
        JsonNode node = f.numberNode(1);
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean()
                    ? f.arrayNode().add(node)
                    : f.objectNode().set("d", node);
        }
        return node;
    }

    private JsonNode randomJson(int depth) {
        var f = JSON.getNodeFactory();
        int kind = depth > 3 ? 2 + random.nextInt(4) : random.nextInt(6);
        switch (kind) {
            case 0 -> {
                var object = f.objectNode();
                int size = random.nextInt(6);
                for (int i = 0; i < size; i++) {
                    String key = random.nextInt(3) == 0
                            ? new String[] {"type", "ref", "conversation", "text", "seq", "limit"}[random.nextInt(6)]
                            : randomText(1 + random.nextInt(8));
                    object.set(
                            key,
                            random.nextInt(4) == 0 && key.equals("type")
                                    ? f.textNode(new String[] {
                                                "send", "sync", "read", "ping", "Send", "message", "welcome", "", "ack"
                                            }
                                            [random.nextInt(9)])
                                    : randomJson(depth + 1));
                }
                return object;
            }
            case 1 -> {
                var array = f.arrayNode();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    array.add(randomJson(depth + 1));
                }
                return array;
            }
            case 2 -> {
                return f.textNode(randomText(random.nextInt(30)));
            }
            case 3 -> {
                return f.numberNode(random.nextLong());
            }
            case 4 -> {
                return hostileValue();
            }
            default -> {
                return f.booleanNode(random.nextBoolean());
            }
        }
    }

    private String brokenJson() {
        // The prefix keeps the mutations below (they may turn a digit into '0') from giving this frame the ref
        // of a valid send in the same batch, whose refusal would then look like the server's fault.
        String base = random.nextBoolean()
                ? Frames.send("broken-" + nextRef(), conversation, UUID.randomUUID(), "hello")
                : randomJson(0).toString();
        StringBuilder b = new StringBuilder(base);
        switch (random.nextInt(8)) {
            case 0 -> b.setLength(random.nextInt(b.length() + 1));
            case 1 -> {
                for (int i = 0; i < 1 + random.nextInt(5) && b.length() > 0; i++) {
                    String noise = "{}[]\":,\\x0 \u0000\u2028";
                    b.setCharAt(random.nextInt(b.length()), noise.charAt(random.nextInt(noise.length())));
                }
            }
            case 2 -> b.insert(random.nextInt(b.length() + 1), "\\u" + Integer.toHexString(random.nextInt(0x10000)));
            case 3 -> b.append("{}".repeat(1 + random.nextInt(3)));
            case 4 -> {
                return "[".repeat(1 + random.nextInt(20_000));
            }
            case 5 -> {
                return "{\"type\":\"send\",\"ref\":\"" + nextRef() + "\",\"text\":"
                        + "9".repeat(1 + random.nextInt(70_000)) + "}";
            }
            case 6 -> {
                return random.nextBoolean() ? "" : "null";
            }
            default -> b.insert(0, (char) random.nextInt(0x80));
        }
        return b.toString();
    }

    private Frame binary() {
        byte[] bytes = random.nextBoolean()
                ? Frames.send(nextRef(), conversation, UUID.randomUUID(), "binary")
                        .getBytes(StandardCharsets.UTF_8)
                : randomBytes(random.nextInt(2_000));
        return new Frame(bytes, RawWs.BINARY, true, null, false);
    }

    private Frame invalidUtf8() {
        byte[] prefix =
                ("{\"type\":\"send\",\"ref\":\"" + nextRef() + "\",\"text\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] bad = switch (random.nextInt(4)) {
            case 0 -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}; // a lone high surrogate, CESU-style
            case 1 -> new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}; // a lone low surrogate
            case 2 -> new byte[] {(byte) 0xC0, (byte) 0xAF}; // overlong '/'
            default -> new byte[] {(byte) 0xFF};
        };
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(bad, 0, all, prefix.length, bad.length);
        System.arraycopy(suffix, 0, all, prefix.length + bad.length, suffix.length);
        return new Frame(all, RawWs.TEXT, false, null, false);
    }

    /** Sizes around the frame limit, now and then over what the server buffers at all. */
    private Frame big() {
        int size = switch (random.nextInt(20)) {
            case 0 -> FrameContractChecker.MAX_MESSAGE_BYTES + 1 + random.nextInt(100_000);
            case 1, 2 -> FrameContractChecker.MAX_MESSAGE_BYTES - 200 - random.nextInt(100);
            default -> FrameContractChecker.MAX_FRAME_BYTES - 300 + random.nextInt(600);
        };
        String prefix = "{\"type\":\"send\",\"ref\":\"" + nextRef() + "\",\"conversation\":\"" + conversation
                + "\",\"clientMsgId\":\"" + UUID.randomUUID() + "\",\"text\":\"";
        String filler = random.nextBoolean() ? "a" : "\u00e9";
        int fillerBytes = filler.getBytes(StandardCharsets.UTF_8).length;
        String json = prefix + filler.repeat(Math.max(0, (size - prefix.length() - 2) / fillerBytes)) + "\"}";
        return text(json);
    }

    private String randomText(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(20);
            if (r < 14) {
                b.append((char) (' ' + random.nextInt(95)));
            } else if (r < 17) {
                b.append((char) (0xA0 + random.nextInt(0xD000)));
            } else if (r < 19) {
                b.appendCodePoint(0x1F300 + random.nextInt(500));
            } else {
                b.append((char) random.nextInt(0x20));
            }
        }
        return b.toString();
    }

    /** Random text without letters, digits or leetspeak symbols: no content rule can refuse a valid send. */
    private String bodyText(int length) {
        StringBuilder b = new StringBuilder(length);
        String symbols = " .,";
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(4);
            if (r < 2) {
                b.append(symbols.charAt(random.nextInt(symbols.length())));
            } else if (r == 2) {
                b.append((char) (0x4E00 + random.nextInt(0x5000)));
            } else {
                b.appendCodePoint(0x1F300 + random.nextInt(500));
            }
        }
        return b.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private Frame text(String json) {
        return new Frame(json.getBytes(StandardCharsets.UTF_8), RawWs.TEXT, true, null, false);
    }

    private String nextRef() {
        return "f" + ++refs;
    }
}
