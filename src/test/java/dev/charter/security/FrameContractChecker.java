package dev.charter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.security.HostileFrames.Frame;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.RawWs;
import dev.charter.testsupport.StoredMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link FrameFuzzIT} asserts of the server's answers on one user's connections, whatever it was sent:
 * every reply a contract frame and every error a contract code (never {@code internal}); a close only where the
 * contract (or RFC 6455) allows one; every valid send answered, acked once with one message id (a retry gets the
 * original ack) and never echoed back to the connection that sent it; at the end, every acked send stored once.
 */
final class FrameContractChecker {

    /** The bad-frame budget the test gives the server (CHARTER_WS_BAD_FRAME_LIMIT). */
    static final int BAD_FRAME_LIMIT = 500;
    /** The largest frame the server reads (a larger one is refused with payload_too_large). */
    static final int MAX_FRAME_BYTES = 65_536;
    /** The largest message the server buffers at all (a larger one closes the connection with 1009). */
    static final int MAX_MESSAGE_BYTES = 1_048_576;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CODES = Set.of(
            "invalid_frame",
            "unknown_type",
            "not_member",
            "not_found",
            "forbidden",
            "payload_too_large",
            "rate_limited",
            "blocked_by_policy",
            "consent_required",
            "restricted",
            "unauthorized",
            "wrong_region");
    /** What the bad-frame budget counts: the frame itself could not be used. */
    private static final Set<String> BAD_FRAME_CODES = Set.of("invalid_frame", "unknown_type", "payload_too_large");

    private final String user;
    private final UUID conversation;
    /** clientMsgId -> messageId of every acked send. */
    private final Map<UUID, String> acked = new ConcurrentHashMap<>();

    private final Set<String> ackedHere = new HashSet<>();
    private final Set<String> messagesHere = new HashSet<>();
    /** Sends first made on the current connection (a retry of an older one may be echoed: other device). */
    private final Set<UUID> firstSentHere = new HashSet<>();

    private int badReplies;
    private int budgetCloses;
    private int otherCloses;

    FrameContractChecker(String user, UUID conversation) {
        this.user = user;
        this.conversation = conversation;
    }

    /** Whether the server answers the frame: every text frame it can read. */
    static boolean expectsReply(Frame frame) {
        // Vert.x decodes a text frame that is not UTF-8 with replacement characters: it gets a reply too.
        return frame.opcode() == RawWs.TEXT && frame.bytes().length <= MAX_MESSAGE_BYTES;
    }

    /** A new connection of this user: the bad-frame budget starts again. */
    void connected() {
        badReplies = 0;
    }

    void sending(Frame frame) {
        if (frame.firstSend()) {
            firstSentHere.add(frame.validSend());
        }
    }

    /**
     * Reads and judges the replies to a batch of frames. Returns true when the server closed the connection;
     * the valid sends of the batch left unanswered then are added to {@code lost}.
     */
    boolean collect(RawWs ws, List<Frame> inFlight, Collection<UUID> lost) throws IOException {
        int expected = (int)
                inFlight.stream().filter(FrameContractChecker::expectsReply).count();
        Map<String, Frame> byRef = new HashMap<>();
        for (Frame frame : inFlight) {
            if (frame.validSend() != null) {
                byRef.put(frame.ref(), frame);
            }
        }
        List<String> replies = new ArrayList<>();
        for (int received = 0; received < expected; received++) {
            RawWs.Message message;
            try {
                message = ws.read();
            } catch (IOException e) {
                judgeDropped(inFlight);
                byRef.values().forEach(frame -> lost.add(frame.validSend()));
                return true;
            }
            assertNotNull(message, "every frame gets a reply within 15 s; sent " + HostileFrames.describe(inFlight));
            if (message.isClose()) {
                judgeClose(message.closeCode(), inFlight);
                byRef.values().forEach(frame -> lost.add(frame.validSend()));
                return true;
            }
            assertEquals(RawWs.TEXT, message.opcode(), "the server sends text frames only");
            JsonNode reply = JSON.readTree(message.payload());
            if ("message".equals(reply.path("type").asText())) {
                // A send of this user from an earlier connection, committed after the reconnect.
                assertEquals(conversation.toString(), reply.path("conversation").asText(), reply.toString());
                assertEquals(user, reply.path("sender").asText(), reply.toString());
                messagesHere.add(reply.path("messageId").asText());
                received--;
                continue;
            }
            replies.add(reply.toString());
            judge(reply, byRef, inFlight);
        }
        assertTrue(
                byRef.isEmpty(),
                "every valid send in a batch is answered: " + byRef.keySet() + "\nreplies " + replies + "\nsent "
                        + HostileFrames.describe(inFlight));
        return false;
    }

    /** The connection is closed: the sending connection got the ack instead of the message frame, never both. */
    void closed() {
        for (String id : messagesHere) {
            assertTrue(!ackedHere.contains(id), "message " + id + " was both acked and echoed to its sender");
        }
        messagesHere.clear();
        ackedHere.clear();
        firstSentHere.clear();
    }

    boolean isAcked(UUID clientMsgId) {
        return acked.containsKey(clientMsgId);
    }

    /** The reply to a valid send made again on a new connection after its ack was lost with the old one. */
    void resendAnswered(UUID clientMsgId, JsonNode reply) {
        assertEquals("ack", reply.path("type").asText(), reply.toString());
        acked.put(clientMsgId, reply.path("messageId").asText());
    }

    /** Each of {@code validSends} stored once in the conversation, under the message id it was acked with. */
    void assertStoredExactlyOnce(Collection<UUID> validSends) {
        StoredMessages.assertStoredOnceAsAcked(conversation, validSends, acked);
    }

    int ackedCount() {
        return acked.size();
    }

    int budgetCloses() {
        return budgetCloses;
    }

    int otherCloses() {
        return otherCloses;
    }

    /** One connection sends bad frames one at a time: past the budget, an error and then close 1008. */
    static void assertBadFrameBudgetCloses(int port, String token) throws Exception {
        try (RawWs ws = RawWs.connect(port, token)) {
            Frames.assertWelcome(ws);
            for (int i = 0; i <= BAD_FRAME_LIMIT; i++) {
                ws.sendText("{\"type\":\"nope\",\"ref\":\"bad" + i + "\"}");
                assertEquals("unknown_type", Frames.json(ws.read()).path("code").asText());
            }
            RawWs.Message close = ws.read();
            assertNotNull(close);
            assertTrue(close.isClose(), "closed after " + (BAD_FRAME_LIMIT + 1) + " bad frames");
            assertEquals(1008, close.closeCode());
        }
    }

    /**
     * The socket was reset before its close frame could be read (the server closed and this client kept
     * writing): only acceptable where a close was due, with the replies lost in the reset allowed for.
     */
    private void judgeDropped(List<Frame> inFlight) {
        boolean budget = badReplies + inFlight.size() > BAD_FRAME_LIMIT;
        boolean tooBig = inFlight.stream().anyMatch(f -> f.bytes().length > MAX_MESSAGE_BYTES);
        assertTrue(
                budget || tooBig,
                "connection dropped without cause after " + badReplies + " bad replies: "
                        + HostileFrames.describe(inFlight));
        otherCloses++;
    }

    private void judge(JsonNode reply, Map<String, Frame> byRef, List<Frame> inFlight) {
        String type = reply.path("type").asText();
        String ref = reply.path("ref").isTextual() ? reply.get("ref").asText() : null;
        switch (type) {
            case "error" -> {
                String code = reply.path("code").asText();
                assertTrue(
                        CODES.contains(code),
                        "contract error code, never internal: " + reply + " after " + HostileFrames.describe(inFlight));
                assertTrue(reply.path("message").isTextual(), reply.toString());
                if (BAD_FRAME_CODES.contains(code)) {
                    badReplies++;
                }
                assertTrue(ref == null || !byRef.containsKey(ref), "a valid send was refused: " + reply);
            }
            case "ack" -> {
                Frame frame = ref == null ? null : byRef.remove(ref);
                if (frame != null) {
                    assertEquals(
                            frame.validSend().toString(),
                            reply.path("clientMsgId").asText(),
                            reply.toString());
                    String messageId = reply.path("messageId").asText();
                    if (firstSentHere.contains(frame.validSend())) {
                        ackedHere.add(messageId);
                    }
                    String earlier = acked.putIfAbsent(frame.validSend(), messageId);
                    assertTrue(
                            earlier == null || earlier.equals(messageId),
                            "a resent clientMsgId gets the original ack: " + reply);
                } else if (reply.has("messageId")) {
                    // A mutated send that still made sense (say, extra fields): it is a real message.
                    acked.put(
                            UUID.fromString(reply.path("clientMsgId").asText()),
                            reply.path("messageId").asText());
                    ackedHere.add(reply.path("messageId").asText());
                }
            }
            case "pong", "history" -> {}
            default ->
                throw new AssertionError("unexpected reply " + reply + " after " + HostileFrames.describe(inFlight));
        }
    }

    private void judgeClose(int code, List<Frame> inFlight) {
        switch (code) {
            case 1008 -> {
                assertTrue(
                        badReplies > BAD_FRAME_LIMIT,
                        "1008 only past the bad-frame budget (" + badReplies + " bad replies)");
                budgetCloses++;
            }
            case 1009 -> {
                assertTrue(
                        inFlight.stream().anyMatch(f -> f.bytes().length > MAX_MESSAGE_BYTES),
                        "1009 only for a frame too large to read");
                otherCloses++;
            }
            case 1007 -> {
                // RFC 6455 8.1: a text frame that is not UTF-8 fails the connection with 1007.
                assertTrue(
                        inFlight.stream().anyMatch(f -> f.opcode() == RawWs.TEXT && !f.validUtf8()),
                        "1007 only for invalid UTF-8");
                otherCloses++;
            }
            case 1003 -> {
                assertTrue(inFlight.stream().anyMatch(f -> f.opcode() == RawWs.BINARY), "1003 only for a binary frame");
                otherCloses++;
            }
            default ->
                throw new AssertionError("unexpected close " + code + " after " + HostileFrames.describe(inFlight));
        }
    }
}
