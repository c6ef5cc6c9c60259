package dev.charter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.RawWs;
import dev.charter.testsupport.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 100,000 random and mutated frames (broken JSON, wrong types for every field, huge numbers, deep nesting,
 * invalid UTF-8, binary frames, frames around and over the size limits, unknown types) with valid sends
 * mixed in, over several connections to the packaged app running in a 96 MB heap. Every reply must be a
 * contract frame and never {@code internal}; closes only where the contract (or RFC 6455) says; every
 * valid send acked and stored exactly once; the server alive and answering afterwards.
 * Reproduce a failure with {@code -Dfuzz.seed=<seed printed>}; size with {@code -Dfuzz.frames}.
 */
public class FrameFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAD_FRAME_LIMIT = 500;
    private static final int MAX_FRAME_BYTES = 65_536;
    private static final int MAX_MESSAGE_BYTES = 1_048_576;
    private static final int CONNECTIONS = 4;
    private static final Set<String> CODES = Set.of("invalid_frame", "unknown_type", "not_member", "not_found",
            "payload_too_large", "rate_limited", "blocked_by_policy", "consent_required", "restricted",
            "unauthorized", "wrong_region");
    /** What the bad-frame budget counts: the frame itself could not be used. */
    private static final Set<String> BAD_FRAME_CODES = Set.of("invalid_frame", "unknown_type", "payload_too_large");

    @Test
    void randomAndMutatedFramesNeverBreakTheServer() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int total = Integer.getInteger("fuzz.frames", 100_000);
        System.out.println("FrameFuzzIT seed=" + seed + " frames=" + total + " (rerun with -Dfuzz.seed=" + seed + ")");
        int port = Integer.getInteger("fuzz.port", AppProcess.freePort());
        Map<String, String> env = Map.of("CHARTER_WS_SENDS_PER_SECOND", "1000000",
                "CHARTER_WS_SEND_BURST", "1000000", "CHARTER_WS_BAD_FRAME_LIMIT", String.valueOf(BAD_FRAME_LIMIT),
                "CHARTER_WS_MAX_CONNECTIONS_PER_USER", "1000");
        try (AppProcess app = AppProcess.start(port, env, List.of("-Xmx96m"))) {
            String bystander = Tokens.newUserId("fuzzpeer");
            Api.on(port, Tokens.user(bystander)).get("/v1/conversations").then().statusCode(200);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                String user = Tokens.newUserId("fuzz" + i);
                String token = Tokens.user(user);
                UUID conversation = UUID.fromString(Api.on(port, token)
                        .body(Map.of("kind", "direct", "members", List.of(bystander)))
                        .post("/v1/conversations").then().statusCode(201).extract().path("id"));
                workers.add(new Worker(port, user, token, conversation, new Random(seed + i), total / CONNECTIONS));
            }
            for (Worker worker : workers) {
                worker.others = workers.stream().map(w -> w.conversation).toList();
            }
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<?>> runs = new ArrayList<>();
            for (Worker worker : workers) {
                runs.add(pool.submit(() -> {
                    worker.run();
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
            pool.shutdown();
            System.out.println("FrameFuzzIT storm took " + (System.nanoTime() - started) / 1_000_000 + " ms");

            assertTrue(app.isAlive(), "the server survived");
            int budgetCloses = workers.stream().mapToInt(w -> w.budgetCloses).sum();
            assertBadFrameBudgetCloses(port, workers.get(1).token);
            for (Worker worker : workers) {
                worker.assertStoredExactlyOnce();
            }
            assertResponsive(port, workers.get(0).token);
            System.out.println("FrameFuzzIT done: " + workers.stream().mapToInt(w -> w.sent).sum() + " frames, "
                    + workers.stream().mapToInt(w -> w.acked.size()).sum() + " messages stored, "
                    + budgetCloses + " closes 1008, " + workers.stream().mapToInt(w -> w.otherCloses).sum()
                    + " other closes");
        }
    }

    /** One connection sends bad frames one at a time: past the budget, an error and then close 1008. */
    private static void assertBadFrameBudgetCloses(int port, String token) throws Exception {
        try (RawWs ws = RawWs.connect(port, token)) {
            assertEquals("welcome", JSON.readTree(ws.read().text()).path("type").asText());
            for (int i = 0; i <= BAD_FRAME_LIMIT; i++) {
                ws.sendText("{\"type\":\"nope\",\"ref\":\"bad" + i + "\"}");
                assertEquals("unknown_type", JSON.readTree(ws.read().text()).path("code").asText());
            }
            RawWs.Message close = ws.read();
            assertNotNull(close);
            assertTrue(close.isClose(), "closed after " + (BAD_FRAME_LIMIT + 1) + " bad frames");
            assertEquals(1008, close.closeCode());
        }
    }

    private static void assertResponsive(int port, String token) throws Exception {
        try (RawWs ws = RawWs.connect(port, token)) {
            assertEquals("welcome", JSON.readTree(ws.read().text()).path("type").asText());
            long start = System.nanoTime();
            ws.sendText("{\"type\":\"ping\",\"ref\":\"after-storm\"}");
            ws.setReadTimeout(1_000);
            RawWs.Message pong = ws.read();
            assertNotNull(pong, "a ping is answered within a second after the storm");
            assertEquals("pong", JSON.readTree(pong.text()).path("type").asText());
            assertTrue(System.nanoTime() - start < 1_000_000_000L);
        }
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
    }

    /** What was sent, so a reply or a close can be judged. */
    private record Sent(byte[] bytes, int opcode, boolean validUtf8, UUID validSend) {
    }

    private static final class Worker {
        final int port;
        final String token;
        final UUID conversation;
        final Random random;
        final int frames;
        List<UUID> others = List.of();
        /** clientMsgId -> messageId of every acked valid send. */
        final Map<UUID, String> acked = new ConcurrentHashMap<>();
        /** Valid sends whose ack was lost with a closed connection: resent later with the same clientMsgId. */
        final List<UUID> unacked = new ArrayList<>();
        final Map<UUID, String> texts = new HashMap<>();
        int sent;
        int budgetCloses;
        int otherCloses;
        private RawWs ws;
        private final Set<String> ackedHere = new java.util.HashSet<>();
        private final Set<String> messagesHere = new java.util.HashSet<>();
        /** Sends first made on the current connection (a retry of an older one may be echoed: other device). */
        private final Set<UUID> firstSentHere = new java.util.HashSet<>();
        final String user;
        private int badReplies;
        private final AtomicInteger refs = new AtomicInteger();

        Worker(int port, String user, String token, UUID conversation, Random random, int frames) {
            this.user = user;
            this.port = port;
            this.token = token;
            this.conversation = conversation;
            this.random = random;
            this.frames = frames;
        }

        void run() throws Exception {
            connect();
            try {
                while (sent < frames) {
                    int batch = random.nextInt(10) == 0 ? 1 + random.nextInt(30) : 1;
                    List<Sent> inFlight = new ArrayList<>();
                    boolean closed = false;
                    for (int i = 0; i < batch && sent < frames; i++) {
                        Sent frame = next();
                        sent++;
                        try {
                            ws.send(frame.opcode, frame.bytes);
                        } catch (IOException gone) {
                            closed = true;
                        }
                        inFlight.add(frame);
                        if (closed) {
                            break;
                        }
                    }
                    if (!closed && inFlight.stream().anyMatch(f -> !expectsReply(f))) {
                        // Frames that get no reply (binary) or end the connection (unreadable): a ping tells.
                        Sent ping = text("{\"type\":\"ping\",\"ref\":\"" + nextRef() + "\"}");
                        try {
                            ws.send(ping.opcode, ping.bytes);
                        } catch (IOException gone) {
                            closed = true;
                        }
                        inFlight.add(ping);
                    }
                    closed = collect(inFlight) || closed;
                    if (closed) {
                        connect();
                    }
                }
                resendUnacked();
            } finally {
                ws.close();
                assertNoEchoOfOwnSends();
            }
        }

        private void connect() throws IOException {
            if (ws != null) {
                ws.close();
                assertNoEchoOfOwnSends();
            }
            ws = RawWs.connect(port, token);
            badReplies = 0;
            RawWs.Message welcome = ws.read();
            assertNotNull(welcome, "welcome");
            assertEquals("welcome", JSON.readTree(welcome.text()).path("type").asText());
        }

        /** Reads the replies to a batch; true when the server closed the connection. */
        private boolean collect(List<Sent> inFlight) throws IOException {
            int expected = (int) inFlight.stream().filter(Worker::expectsReply).count();
            Map<String, Sent> byRef = new HashMap<>();
            for (Sent frame : inFlight) {
                if (frame.validSend != null) {
                    byRef.put(refOf(frame), frame);
                }
            }
            List<String> replies = new ArrayList<>();
            for (int received = 0; received < expected; received++) {
                RawWs.Message message;
                try {
                    message = ws.read();
                } catch (IOException e) {
                    judgeDropped(inFlight);
                    lost(byRef);
                    return true;
                }
                assertNotNull(message, "every frame gets a reply within 15 s; sent " + describe(inFlight));
                if (message.isClose()) {
                    judgeClose(message.closeCode(), inFlight);
                    lost(byRef);
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
            assertTrue(byRef.isEmpty(), "every valid send in a batch is answered: " + byRef.keySet()
                    + "\nreplies " + replies + "\nsent " + describe(inFlight));
            return false;
        }

        /** The sending connection gets the ack instead of the message frame, never both. */
        private void assertNoEchoOfOwnSends() {
            for (String id : messagesHere) {
                assertTrue(!ackedHere.contains(id), "message " + id + " was both acked and echoed to its sender");
            }
            messagesHere.clear();
            ackedHere.clear();
            firstSentHere.clear();
        }

        /**
         * The socket was reset before its close frame could be read (the server closed and this client kept
         * writing): only acceptable where a close was due, with the replies lost in the reset allowed for.
         */
        private void judgeDropped(List<Sent> inFlight) {
            boolean budget = badReplies + inFlight.size() > BAD_FRAME_LIMIT;
            boolean tooBig = inFlight.stream().anyMatch(f -> f.bytes.length > MAX_MESSAGE_BYTES);
            assertTrue(budget || tooBig, "connection dropped without cause after " + badReplies + " bad replies: "
                    + describe(inFlight));
            otherCloses++;
        }

        private void lost(Map<String, Sent> byRef) {
            byRef.values().forEach(frame -> unacked.add(frame.validSend));
        }

        private static boolean expectsReply(Sent frame) {
            // Vert.x decodes a text frame that is not UTF-8 with replacement characters: it gets a reply too.
            return frame.opcode == RawWs.TEXT && frame.bytes.length <= MAX_MESSAGE_BYTES;
        }

        private void judge(JsonNode reply, Map<String, Sent> byRef, List<Sent> inFlight) {
            String type = reply.path("type").asText();
            String ref = reply.path("ref").isTextual() ? reply.get("ref").asText() : null;
            switch (type) {
                case "error" -> {
                    String code = reply.path("code").asText();
                    assertTrue(CODES.contains(code), "contract error code, never internal: " + reply
                            + " after " + describe(inFlight));
                    assertTrue(reply.path("message").isTextual(), reply.toString());
                    if (BAD_FRAME_CODES.contains(code)) {
                        badReplies++;
                    }
                    assertTrue(ref == null || !byRef.containsKey(ref), "a valid send was refused: " + reply);
                }
                case "ack" -> {
                    Sent frame = ref == null ? null : byRef.remove(ref);
                    if (frame != null) {
                        assertEquals(frame.validSend.toString(), reply.path("clientMsgId").asText(), reply.toString());
                        String messageId = reply.path("messageId").asText();
                        if (firstSentHere.contains(frame.validSend)) {
                            ackedHere.add(messageId);
                        }
                        String earlier = acked.putIfAbsent(frame.validSend, messageId);
                        assertTrue(earlier == null || earlier.equals(messageId),
                                "a resent clientMsgId gets the original ack: " + reply);
                    } else if (reply.has("messageId")) {
                        // A mutated send that still made sense (say, extra fields): it is a real message.
                        acked.put(UUID.fromString(reply.path("clientMsgId").asText()), reply.path("messageId").asText());
                        ackedHere.add(reply.path("messageId").asText());
                    }
                }
                case "pong", "history" -> { }
                default -> throw new AssertionError("unexpected reply " + reply + " after " + describe(inFlight));
            }
        }

        private void judgeClose(int code, List<Sent> inFlight) {
            switch (code) {
                case 1008 -> {
                    assertTrue(badReplies > BAD_FRAME_LIMIT, "1008 only past the bad-frame budget ("
                            + badReplies + " bad replies)");
                    budgetCloses++;
                }
                case 1009 -> {
                    assertTrue(inFlight.stream().anyMatch(f -> f.bytes.length > MAX_MESSAGE_BYTES),
                            "1009 only for a frame too large to read");
                    otherCloses++;
                }
                case 1007 -> {
                    // RFC 6455 8.1: a text frame that is not UTF-8 fails the connection with 1007.
                    assertTrue(inFlight.stream().anyMatch(f -> f.opcode == RawWs.TEXT && !f.validUtf8),
                            "1007 only for invalid UTF-8");
                    otherCloses++;
                }
                case 1003 -> {
                    assertTrue(inFlight.stream().anyMatch(f -> f.opcode == RawWs.BINARY),
                            "1003 only for a binary frame");
                    otherCloses++;
                }
                default -> throw new AssertionError("unexpected close " + code + " after " + describe(inFlight));
            }
        }

        private void resendUnacked() throws IOException {
            for (UUID clientMsgId : new ArrayList<>(unacked)) {
                if (acked.containsKey(clientMsgId)) {
                    continue;
                }
                String ref = "resend-" + clientMsgId;
                ws.sendText(sendJson(ref, conversation, clientMsgId, texts.get(clientMsgId)));
                JsonNode node;
                do {
                    RawWs.Message reply = ws.read();
                    assertNotNull(reply);
                    node = JSON.readTree(reply.payload());
                } while ("message".equals(node.path("type").asText()));
                assertEquals("ack", node.path("type").asText(), node.toString());
                acked.put(clientMsgId, node.path("messageId").asText());
            }
        }

        void assertStoredExactlyOnce() {
            List<List<Object>> rows = Db.rows(
                    "SELECT client_msg_id, id FROM message WHERE conversation_id = ?", conversation);
            Map<UUID, String> stored = new HashMap<>();
            for (List<Object> row : rows) {
                String earlier = stored.put((UUID) row.get(0), row.get(1).toString());
                assertTrue(earlier == null, "clientMsgId " + row.get(0) + " stored twice");
            }
            for (UUID clientMsgId : texts.keySet()) {
                assertEquals(acked.get(clientMsgId), stored.get(clientMsgId), "valid send " + clientMsgId
                        + " acked and stored once, with the acked id");
            }
        }

        // ---- frame generation ---------------------------------------------------------------------

        private Sent next() {
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

        private Sent text(String json) {
            return new Sent(json.getBytes(StandardCharsets.UTF_8), RawWs.TEXT, true, null);
        }

        private String nextRef() {
            return "f" + refs.incrementAndGet();
        }

        private static String refOf(Sent frame) {
            try {
                return JSON.readTree(frame.bytes).path("ref").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private Sent validSend() {
            UUID clientMsgId;
            if (!texts.isEmpty() && random.nextInt(10) == 0) {
                // A retry of an earlier send: same clientMsgId, must not create a second message.
                List<UUID> known = new ArrayList<>(texts.keySet());
                clientMsgId = known.get(random.nextInt(known.size()));
            } else {
                clientMsgId = new UUID(random.nextLong(), random.nextLong());
                firstSentHere.add(clientMsgId);
                texts.put(clientMsgId, "fuzz " + bodyText(1 + random.nextInt(200)));
            }
            String json = sendJson(nextRef(), conversation, clientMsgId, texts.get(clientMsgId));
            return new Sent(json.getBytes(StandardCharsets.UTF_8), RawWs.TEXT, true, clientMsgId);
        }

        private static String sendJson(String ref, UUID conversation, UUID clientMsgId, String text) {
            return JSON.createObjectNode().put("type", "send").put("ref", ref).put("conversation",
                    conversation.toString()).put("clientMsgId", clientMsgId.toString()).put("text", text).toString();
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
                case 1 -> node.put("type", "sync").put("ref", nextRef()).put("conversation", target.toString())
                        .put("afterSeq", random.nextInt(50)).put("limit", 1 + random.nextInt(5));
                case 2 -> node.put("type", "read").put("ref", nextRef()).put("conversation", target.toString())
                        .put("seq", random.nextInt(100));
                default -> node.put("type", "send").put("ref", nextRef()).put("conversation", target.toString())
                        .put("clientMsgId", UUID.randomUUID().toString()).put("ciphertext", "AAAA");
            }
            return node.toString();
        }

        private static final String[][] FIELDS = {
            {"send", "type", "ref", "conversation", "clientMsgId", "text", "ciphertext"},
            {"sync", "type", "ref", "conversation", "afterSeq", "limit"},
            {"read", "type", "ref", "conversation", "seq"},
            {"ping", "type", "ref"},
        };

        /** A well-formed frame of a contract type with one or more fields of a wrong type or value. */
        private String wrongField() {
            String[] fields = FIELDS[random.nextInt(FIELDS.length)];
            var node = JSON.createObjectNode();
            node.put("type", fields[0]).put("ref", nextRef()).put("conversation", others.get(0).toString())
                    .put("clientMsgId", UUID.randomUUID().toString()).put("afterSeq", 0).put("limit", 2)
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
                case 2 -> f.numberNode(new java.math.BigInteger(60 + random.nextInt(100), random));
                case 3 -> f.numberNode(new java.math.BigDecimal("1e" + (random.nextInt(2_000_000) - 1_000_000)));
                case 4 -> f.booleanNode(random.nextBoolean());
                case 5 -> f.nullNode();
                case 6 -> f.arrayNode().add(1).add("x");
                case 7 -> f.objectNode().put("a", 1);
                case 8 -> f.textNode("");
                case 9 -> f.textNode(randomText(1 + random.nextInt(40)));
                case 10 -> f.textNode(UUID.randomUUID().toString().toUpperCase() + (random.nextBoolean() ? "x" : ""));
                case 11 -> f.textNode("00000000-0000-0000-0000-000000000000");
                case 12 -> f.numberNode(-1 - random.nextInt(1000));
                case 13 -> f.textNode("x".repeat(MAX_FRAME_BYTES - 300 + random.nextInt(600)));
                case 14 -> f.numberNode(Long.MAX_VALUE);
                default -> deep(1 + random.nextInt(100));
            };
        }

        private JsonNode deep(int depth) {
            var f = JSON.getNodeFactory();
            JsonNode node = f.numberNode(1);
            for (int i = 0; i < depth; i++) {
                node = random.nextBoolean() ? f.arrayNode().add(node) : f.objectNode().set("d", node);
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
                        object.set(key, random.nextInt(4) == 0 && key.equals("type")
                                ? f.textNode(new String[] {"send", "sync", "read", "ping", "Send", "message",
                                    "welcome", "", "ack"}[random.nextInt(9)])
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
            String base = random.nextBoolean() ? sendJson("broken-" + nextRef(), conversation, UUID.randomUUID(), "hello")
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
                    return "{\"type\":\"send\",\"ref\":\"" + nextRef() + "\",\"text\":" + "9".repeat(1 + random.nextInt(70_000)) + "}";
                }
                case 6 -> {
                    return random.nextBoolean() ? "" : "null";
                }
                default -> b.insert(0, (char) random.nextInt(0x80));
            }
            return b.toString();
        }

        private Sent binary() {
            byte[] bytes = random.nextBoolean()
                    ? sendJson(nextRef(), conversation, UUID.randomUUID(), "binary").getBytes(StandardCharsets.UTF_8)
                    : randomBytes(random.nextInt(2_000));
            return new Sent(bytes, RawWs.BINARY, true, null);
        }

        private Sent invalidUtf8() {
            byte[] prefix = ("{\"type\":\"send\",\"ref\":\"" + nextRef() + "\",\"text\":\"").getBytes(StandardCharsets.UTF_8);
            byte[] bad = switch (random.nextInt(4)) {
                case 0 -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}; // a lone high surrogate, CESU-style
                case 1 -> new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}; // a lone low surrogate
                case 2 -> new byte[] {(byte) 0xC0, (byte) 0xAF};             // overlong '/'
                default -> new byte[] {(byte) 0xFF};
            };
            byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, all, 0, prefix.length);
            System.arraycopy(bad, 0, all, prefix.length, bad.length);
            System.arraycopy(suffix, 0, all, prefix.length + bad.length, suffix.length);
            return new Sent(all, RawWs.TEXT, false, null);
        }

        /** Sizes around the frame limit, now and then over what the server buffers at all. */
        private Sent big() {
            int size = switch (random.nextInt(20)) {
                case 0 -> MAX_MESSAGE_BYTES + 1 + random.nextInt(100_000);
                case 1, 2 -> MAX_MESSAGE_BYTES - 200 - random.nextInt(100);
                default -> MAX_FRAME_BYTES - 300 + random.nextInt(600);
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

        private static String describe(List<Sent> frames) {
            StringBuilder b = new StringBuilder();
            for (Sent frame : frames) {
                String text = new String(frame.bytes, 0, Math.min(frame.bytes.length, 200), StandardCharsets.UTF_8);
                b.append("\n  [").append(frame.opcode == RawWs.BINARY ? "binary " : "text ").append(frame.bytes.length)
                        .append("B] ").append(text);
            }
            return b.toString();
        }
    }
}
