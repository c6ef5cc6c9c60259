package dev.charter.messaging.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class ChatSocketTest {

    private static int port() {
        return RestAssured.port;
    }

    private static ObjectNode send(String ref, UUID conversation, UUID clientMsgId, String text) {
        return WsClient.frame("send", ref).put("conversation", conversation.toString())
                .put("clientMsgId", clientMsgId.toString()).put("text", text);
    }

    private static WsClient open(String token) {
        WsClient ws = WsClient.connect(port(), token);
        ws.awaitType("welcome");
        return ws;
    }

    record Pair(String alice, String aliceToken, String bob, String bobToken, UUID conversation) {
    }

    private static Pair pair() {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = Api.register(alice);
        String bobToken = Api.register(bob);
        return new Pair(alice, aliceToken, bob, bobToken, Api.direct(aliceToken, bob));
    }

    @Test
    void welcomeNamesUserRegionJurisdictionAndMissingConsents() {
        String sub = Tokens.newUserId("welcome");
        try (WsClient ws = WsClient.connect(port(), Tokens.user(sub, "FR"))) {
            JsonNode welcome = ws.awaitType("welcome");
            assertEquals(sub, welcome.path("user").asText());
            assertEquals("local", welcome.path("region").asText());
            assertEquals("GDPR", welcome.path("jurisdiction").asText());
            List<String> missing = new ArrayList<>();
            welcome.path("missingConsents").forEach(n -> missing.add(n.asText()));
            assertTrue(missing.contains("analytics") && !missing.contains("messaging"), missing.toString());
        }
    }

    @Test
    void sendIsAckedAfterCommitAndDeliveredToTheOtherMember() {
        Pair p = pair();
        try (WsClient alice = open(p.aliceToken()); WsClient bob = open(p.bobToken())) {
            UUID clientMsgId = UUID.randomUUID();
            alice.send(send("r1", p.conversation(), clientMsgId, "hi bob"));
            JsonNode ack = alice.awaitRef("r1");
            assertEquals("ack", ack.path("type").asText());
            assertEquals(p.conversation().toString(), ack.path("conversation").asText());
            assertEquals(clientMsgId.toString(), ack.path("clientMsgId").asText());
            assertEquals(1, ack.path("seq").asLong());
            assertTrue(ack.path("sentAt").asText().endsWith("Z"));
            UUID messageId = UUID.fromString(ack.path("messageId").asText());
            assertEquals(1, Db.count("SELECT count(*) FROM message WHERE id = ?", messageId), "ack means committed");

            JsonNode message = bob.awaitType("message");
            assertEquals(p.alice(), message.path("sender").asText());
            assertEquals("hi bob", message.path("text").asText());
            assertEquals(1, message.path("seq").asLong());
            assertEquals(messageId.toString(), message.path("messageId").asText());
            assertEquals(ack.path("sentAt").asText(), message.path("sentAt").asText());
            assertTrue(alice.drain("message", Duration.ofMillis(300)).isEmpty(), "the sender gets the ack instead");
        }
    }

    @Test
    void textIsNeverStoredInPlaintext() {
        Pair p = pair();
        String canary = "canary-" + UUID.randomUUID();
        try (WsClient alice = open(p.aliceToken())) {
            alice.send(send("c", p.conversation(), UUID.randomUUID(), canary));
            alice.awaitRef("c");
        }
        assertEquals(0, Db.rowsMentioning(canary));
        assertEquals(0, Db.count("SELECT count(*) FROM message WHERE position(convert_to(?, 'UTF8') in ciphertext) > 0",
                canary));
    }

    @Test
    void duplicateClientMsgIdReturnsOriginalAck() {
        Pair p = pair();
        try (WsClient alice = open(p.aliceToken()); WsClient bob = open(p.bobToken())) {
            UUID clientMsgId = UUID.randomUUID();
            alice.send(send("first", p.conversation(), clientMsgId, "once"));
            JsonNode first = alice.awaitRef("first");
            alice.send(send("again", p.conversation(), clientMsgId, "once"));
            JsonNode again = alice.awaitRef("again");
            assertEquals(first.path("messageId"), again.path("messageId"));
            assertEquals(first.path("seq"), again.path("seq"));
            assertEquals(first.path("sentAt"), again.path("sentAt"));
            // Two at once, racing in the same batch.
            UUID racing = UUID.randomUUID();
            alice.send(send("x1", p.conversation(), racing, "race")).send(send("x2", p.conversation(), racing, "race"));
            assertEquals(alice.awaitRef("x1").path("messageId"), alice.awaitRef("x2").path("messageId"));

            assertEquals(2, bob.drain("message", Duration.ofSeconds(1)).size(), "no second message frame");
            assertEquals(2, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", p.conversation()));
        }
    }

    @Test
    void everyDeviceOfEveryMemberGetsEachMessageOnceInOrder() {
        Pair p = pair();
        try (WsClient alicePhone = open(p.aliceToken()); WsClient aliceLaptop = open(p.aliceToken());
                WsClient bobPhone = open(p.bobToken()); WsClient bobLaptop = open(p.bobToken())) {
            int count = 30;
            for (int i = 1; i <= count; i++) {
                alicePhone.send(send("m" + i, p.conversation(), UUID.randomUUID(), "n" + i));
            }
            for (WsClient device : List.of(aliceLaptop, bobPhone, bobLaptop)) {
                for (int i = 1; i <= count; i++) {
                    JsonNode message = device.awaitType("message");
                    assertEquals(i, message.path("seq").asLong());
                    assertEquals("n" + i, message.path("text").asText());
                }
                assertTrue(device.drain("message", Duration.ofMillis(200)).isEmpty(), "exactly once");
            }
            for (int i = 1; i <= count; i++) {
                assertEquals(i, alicePhone.awaitRef("m" + i).path("seq").asLong());
            }
            assertTrue(alicePhone.drain("message", Duration.ofMillis(200)).isEmpty());
        }
    }

    @Test
    void groupMessagesFanOutToAllMembers() {
        String owner = Tokens.newUserId("owner");
        String ownerToken = Api.register(owner);
        List<String> members = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String member = Tokens.newUserId("member" + i);
            members.add(member);
            tokens.add(Api.register(member));
        }
        UUID group = Api.group(ownerToken, "team", members);
        List<WsClient> clients = new ArrayList<>();
        try (WsClient sender = open(ownerToken)) {
            for (String token : tokens) {
                clients.add(open(token));
            }
            sender.send(send("g", group, UUID.randomUUID(), "hello team"));
            sender.awaitRef("g");
            for (WsClient client : clients) {
                JsonNode message = client.awaitType("message");
                assertEquals("hello team", message.path("text").asText());
                assertEquals(owner, message.path("sender").asText());
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void syncAfterReconnectReturnsExactlyWhatWasMissed() {
        Pair p = pair();
        long lastSeen;
        try (WsClient bob = open(p.bobToken()); WsClient alice = open(p.aliceToken())) {
            alice.send(send("a", p.conversation(), UUID.randomUUID(), "seen"));
            lastSeen = bob.awaitType("message").path("seq").asLong();
        }
        try (WsClient alice = open(p.aliceToken())) {
            for (int i = 0; i < 3; i++) {
                alice.send(send("b" + i, p.conversation(), UUID.randomUUID(), "missed " + i));
                alice.awaitRef("b" + i);
            }
        }
        try (WsClient bob = open(p.bobToken())) {
            bob.send(WsClient.frame("sync", "s").put("conversation", p.conversation().toString())
                    .put("afterSeq", lastSeen).put("limit", 100));
            JsonNode history = bob.awaitRef("s");
            assertEquals("history", history.path("type").asText());
            assertEquals(p.conversation().toString(), history.path("conversation").asText());
            assertFalse(history.path("hasMore").asBoolean());
            JsonNode messages = history.path("messages");
            assertEquals(3, messages.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(lastSeen + 1 + i, messages.get(i).path("seq").asLong());
                assertEquals("missed " + i, messages.get(i).path("text").asText());
            }
            bob.send(WsClient.frame("sync", "s2").put("conversation", p.conversation().toString())
                    .put("afterSeq", 0).put("limit", 2));
            JsonNode page = bob.awaitRef("s2");
            assertEquals(2, page.path("messages").size());
            assertTrue(page.path("hasMore").asBoolean());
        }
    }

    @Test
    void readIsAckedAndOtherMembersGetAReceipt() {
        Pair p = pair();
        try (WsClient alice = open(p.aliceToken()); WsClient bob = open(p.bobToken())) {
            alice.send(send("m", p.conversation(), UUID.randomUUID(), "read me"));
            long seq = bob.awaitType("message").path("seq").asLong();
            bob.send(WsClient.frame("read", "r3").put("conversation", p.conversation().toString()).put("seq", seq));
            JsonNode ack = bob.awaitRef("r3");
            assertEquals("ack", ack.path("type").asText());
            JsonNode receipt = alice.awaitType("receipt");
            assertEquals(p.conversation().toString(), receipt.path("conversation").asText());
            assertEquals(p.bob(), receipt.path("user").asText());
            assertEquals(seq, receipt.path("readSeq").asLong());
            assertTrue(bob.drain("receipt", Duration.ofMillis(300)).isEmpty(), "the reader gets no receipt of their own");
        }
        Api.as(p.bobToken()).get("/v1/conversations").then()
                .body("find { it.id == '" + p.conversation() + "' }.readSeq", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void pingGetsPong() {
        try (WsClient ws = open(Tokens.user(Tokens.newUserId("pinger")))) {
            ws.send(WsClient.frame("ping", "r4"));
            assertEquals("pong", ws.awaitRef("r4").path("type").asText());
        }
    }

    private static void assertError(WsClient ws, String ref, String code) {
        JsonNode error = ws.awaitRef(ref);
        assertEquals("error", error.path("type").asText(), error.toString());
        assertEquals(code, error.path("code").asText(), error.toString());
        assertFalse(error.path("message").asText().isEmpty());
    }

    @Test
    void malformedAndUnknownFramesGetErrorsAndTheConnectionStaysOpen() {
        try (WsClient ws = open(Tokens.user(Tokens.newUserId("sloppy")))) {
            ws.send("{this is not json");
            JsonNode error = ws.awaitType("error");
            assertEquals("invalid_frame", error.path("code").asText());
            ws.send("[1,2,3]");
            assertEquals("invalid_frame", ws.awaitType("error").path("code").asText());
            ws.send(WsClient.frame("teleport", "u1"));
            assertError(ws, "u1", "unknown_type");
            ws.send(WsClient.frame("send", "u2").put("conversation", "not-a-uuid"));
            assertError(ws, "u2", "invalid_frame");
            ws.send(WsClient.frame("sync", "u3").put("conversation", UUID.randomUUID().toString()).put("afterSeq", -1));
            assertError(ws, "u3", "invalid_frame");
            ws.send(WsClient.frame("ping", "still-open"));
            assertEquals("pong", ws.awaitRef("still-open").path("type").asText());
        }
    }

    @Test
    void notMemberAndNotFound() {
        Pair p = pair();
        try (WsClient eve = open(Tokens.user(Tokens.newUserId("eve")))) {
            eve.send(send("nm", p.conversation(), UUID.randomUUID(), "let me in"));
            assertError(eve, "nm", "not_member");
            eve.send(WsClient.frame("sync", "nm2").put("conversation", p.conversation().toString()));
            assertError(eve, "nm2", "not_member");
            eve.send(send("nf", UUID.randomUUID(), UUID.randomUUID(), "anyone?"));
            assertError(eve, "nf", "not_found");
        }
        assertEquals(0, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", p.conversation()));
    }

    @Test
    void oversizedFrameGetsPayloadTooLargeWithItsRef() {
        Pair p = pair();
        try (WsClient alice = open(p.aliceToken())) {
            alice.send(send("big", p.conversation(), UUID.randomUUID(), "x".repeat(70_000)));
            assertError(alice, "big", "payload_too_large");
            alice.send(WsClient.frame("ping", "after"));
            assertEquals("pong", alice.awaitRef("after").path("type").asText());
        }
    }

    @Test
    void frameTooLargeToReadClosesWith1009() {
        try (WsClient ws = open(Tokens.user(Tokens.newUserId("huge")))) {
            ws.send("{\"type\":\"ping\",\"pad\":\"" + "y".repeat(1_100_000) + "\"}");
            assertEquals(1009, ws.awaitClose());
        }
    }

    @Test
    void tooManyBadFramesCloseWith1008() {
        try (WsClient ws = open(Tokens.user(Tokens.newUserId("abuser")))) {
            for (int i = 0; i < 21; i++) {
                ws.send("garbage " + i);
            }
            assertEquals(1008, ws.awaitClose());
        }
    }

    @Test
    void sendsPastTheRateLimitAreRateLimited() {
        Pair p = pair();
        try (WsClient alice = open(p.aliceToken())) {
            int total = 260;
            for (int i = 0; i < total; i++) {
                alice.send(send("q" + i, p.conversation(), UUID.randomUUID(), "flood " + i));
            }
            int limited = 0;
            for (int i = 0; i < total; i++) {
                JsonNode reply = alice.awaitRef("q" + i);
                if ("error".equals(reply.path("type").asText())) {
                    assertEquals("rate_limited", reply.path("code").asText());
                    limited++;
                }
            }
            assertTrue(limited > 0, "a burst beyond 200 must be limited");
            assertEquals(total - limited,
                    Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", p.conversation()),
                    "every acked send is stored, no limited one is");
        }
    }

    @Test
    void e2eeConversationsCarryCiphertext() {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = Api.register(alice);
        String bobToken = Api.register(bob);
        UUID id = UUID.fromString(Api.as(aliceToken)
                .body(java.util.Map.of("kind", "group", "title", "secret", "members", List.of(bob), "e2ee", true))
                .post("/v1/conversations").then().statusCode(201).extract().path("id"));
        String ciphertext = java.util.Base64.getEncoder().encodeToString("opaque client bytes".getBytes());
        try (WsClient a = open(aliceToken); WsClient b = open(bobToken)) {
            a.send(send("plain", id, UUID.randomUUID(), "plaintext not allowed"));
            assertError(a, "plain", "invalid_frame");
            a.send(WsClient.frame("send", "e").put("conversation", id.toString())
                    .put("clientMsgId", UUID.randomUUID().toString()).put("ciphertext", ciphertext));
            assertEquals("ack", a.awaitRef("e").path("type").asText());
            JsonNode message = b.awaitType("message");
            assertEquals(ciphertext, message.path("ciphertext").asText());
            assertTrue(message.path("text").isMissingNode());
        }
    }

    @Test
    void tamperedCiphertextIsShownAsUnreadable() {
        Pair p = pair();
        try (WsClient alice = open(p.aliceToken())) {
            alice.send(send("t1", p.conversation(), UUID.randomUUID(), "first"));
            alice.awaitRef("t1");
            alice.send(send("t2", p.conversation(), UUID.randomUUID(), "second"));
            alice.awaitRef("t2");
        }
        // Move message 2's ciphertext into row 1: GCM's additional data no longer matches.
        Db.execute("UPDATE message m SET ciphertext = o.ciphertext, nonce = o.nonce FROM message o "
                + "WHERE m.conversation_id = ? AND m.seq = 1 AND o.conversation_id = m.conversation_id AND o.seq = 2",
                p.conversation());
        Api.as(p.bobToken()).get("/v1/conversations/" + p.conversation() + "/messages").then().statusCode(200)
                .body("messages[0].unreadable", org.hamcrest.Matchers.equalTo(true))
                .body("messages[0].text", org.hamcrest.Matchers.nullValue())
                .body("messages[1].text", org.hamcrest.Matchers.equalTo("second"));
    }

    private static double[] batchMetric() {
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        double count = 0;
        double sum = 0;
        double waits = 0;
        double commits = 0;
        double served = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("charter_send_duration_seconds_count")) {
                served = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
            if (line.startsWith("charter_send_batch_phase_seconds_count") && line.contains("phase=\"commit\"")) {
                commits = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
            if (line.startsWith("charter_send_batch_size_count")) {
                count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("charter_send_batch_size_sum")) {
                sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("charter_send_queue_wait_seconds_count")) {
                waits = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return new double[] { count, sum, waits, commits, served };
    }

    @Test
    void aSendWhoseWriterConnectionIsKilledMidTransactionIsRetriedAndStoredOnce() throws Exception {
        Pair p = pair();
        try (WsClient alice = open(p.aliceToken()); WsClient bob = open(p.bobToken());
                java.sql.Connection blocker = Db.connect()) {
            alice.send(send("k0", p.conversation(), UUID.randomUUID(), "opens the lane's connection"));
            assertEquals("ack", alice.awaitRef("k0").path("type").asText());
            bob.awaitType("message");
            // Hold the conversation's row so the writer's reservation waits on it, then kill that writer.
            blocker.setAutoCommit(false);
            long blockerPid;
            try (java.sql.Statement lock = blocker.createStatement()) {
                lock.execute("SELECT 1 FROM conversation WHERE id = '" + p.conversation() + "' FOR UPDATE");
                try (java.sql.ResultSet pid = lock.executeQuery("SELECT pg_backend_pid()")) {
                    pid.next();
                    blockerPid = pid.getLong(1);
                }
            }
            UUID clientMsgId = UUID.randomUUID();
            alice.send(send("k1", p.conversation(), clientMsgId, "through a killed connection"));
            String blockedWriter = "FROM pg_stat_activity WHERE pg_blocking_pids(pid) @> ARRAY[" + blockerPid + "]::int[]";
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Db.count("SELECT count(*) " + blockedWriter) < 1) {
                assertTrue(System.nanoTime() < deadline, "the writer never waited on the locked conversation");
                Thread.sleep(20);
            }
            assertEquals(1, Db.count("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) " + blockedWriter + ") t"));
            blocker.rollback();

            JsonNode ack = alice.awaitRef("k1");
            assertEquals("ack", ack.path("type").asText(), ack.toString());
            assertEquals(2, ack.path("seq").asLong());
            JsonNode delivered = bob.awaitType("message");
            assertEquals("through a killed connection", delivered.path("text").asText());
            assertEquals(2, delivered.path("seq").asLong());
            assertEquals(1, Db.count("SELECT count(*) FROM message WHERE client_msg_id = ?", clientMsgId));
        }
    }

    @Test
    void concurrentSendsShareTransactions() {
        Pair p = pair();
        double[] before = batchMetric();
        int total = 150;
        try (WsClient alice = open(p.aliceToken())) {
            for (int i = 0; i < total; i++) {
                alice.send(send("gc" + i, p.conversation(), UUID.randomUUID(), "batched " + i));
            }
            for (int i = 0; i < total; i++) {
                assertEquals("ack", alice.awaitRef("gc" + i).path("type").asText());
            }
        }
        double[] after = batchMetric();
        double transactions = after[0] - before[0];
        double sends = after[1] - before[1];
        assertEquals(total, sends, 0.1);
        assertEquals(total, after[2] - before[2], 0.1, "each send's wait in its lane is recorded once");
        assertEquals(transactions, after[3] - before[3], 0.1, "each batch's commit round trip is timed once");
        assertEquals(total, after[4] - before[4], 0.1, "each send's time in the server is recorded once");
        assertTrue(transactions < total / 2.0,
                "pipelined sends must be committed in groups, not one transaction each: " + transactions);
    }

    @Test
    void aTokenThatExpiresWhileConnectedGetsUnauthorizedAndAClose() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String token = Tokens.claims(Tokens.newUserId("shortlived"), "DE").issuedAt(now).expiresAt(now + 2)
                .sign(Tokens.key());
        try (WsClient ws = open(token)) {
            Thread.sleep(3_000);
            try {
                ws.send(WsClient.frame("ping", "late"));
            } catch (java.util.concurrent.CompletionException closedAlready) {
                // Against the packaged app (ChatSocketIT) the expiry sweep may have been first: same frame, same close.
            }
            JsonNode error = ws.awaitType("error");
            assertEquals("unauthorized", error.path("code").asText());
            assertEquals(1008, ws.awaitClose());
        }
    }
}
