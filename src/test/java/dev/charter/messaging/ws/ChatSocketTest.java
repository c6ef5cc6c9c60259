package dev.charter.messaging.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
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
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            UUID clientMsgId = UUID.randomUUID();
            alice.send(Frames.send("r1", p.conversation(), clientMsgId, "hi bob"));
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
        Pair p = Pair.create();
        String canary = "canary-" + UUID.randomUUID();
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            alice.send(Frames.send("c", p.conversation(), canary));
            alice.awaitRef("c");
        }
        assertEquals(0, Db.rowsMentioning(canary));
        assertEquals(
                0,
                Db.count(
                        "SELECT count(*) FROM message WHERE position(convert_to(?, 'UTF8') in ciphertext) > 0",
                        canary));
    }

    @Test
    void duplicateClientMsgIdReturnsOriginalAck() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            UUID clientMsgId = UUID.randomUUID();
            alice.send(Frames.send("first", p.conversation(), clientMsgId, "once"));
            JsonNode first = alice.awaitRef("first");
            alice.send(Frames.send("again", p.conversation(), clientMsgId, "once"));
            JsonNode again = alice.awaitRef("again");
            assertEquals(first.path("messageId"), again.path("messageId"));
            assertEquals(first.path("seq"), again.path("seq"));
            assertEquals(first.path("sentAt"), again.path("sentAt"));
            // Two at once, racing in the same batch.
            UUID racing = UUID.randomUUID();
            alice.send(Frames.send("x1", p.conversation(), racing, "race"))
                    .send(Frames.send("x2", p.conversation(), racing, "race"));
            assertEquals(
                    alice.awaitRef("x1").path("messageId"), alice.awaitRef("x2").path("messageId"));

            assertEquals(2, bob.drain("message", Duration.ofSeconds(1)).size(), "no second message frame");
            assertEquals(2, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", p.conversation()));
        }
    }

    @Test
    void everyDeviceOfEveryMemberGetsEachMessageOnceInOrder() {
        Pair p = Pair.create();
        try (WsClient alicePhone = WsClient.open(p.aliceToken());
                WsClient aliceLaptop = WsClient.open(p.aliceToken());
                WsClient bobPhone = WsClient.open(p.bobToken());
                WsClient bobLaptop = WsClient.open(p.bobToken())) {
            int count = 30;
            for (int i = 1; i <= count; i++) {
                alicePhone.send(Frames.send("m" + i, p.conversation(), "n" + i));
            }
            for (WsClient device : List.of(aliceLaptop, bobPhone, bobLaptop)) {
                Chat.assertDeliveredOnceInOrder(device, count, i -> "n" + i, Duration.ofMillis(200));
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
        try (WsClient sender = WsClient.open(ownerToken)) {
            for (String token : tokens) {
                clients.add(WsClient.open(token));
            }
            sender.send(Frames.send("g", group, "hello team"));
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
        Pair p = Pair.create();
        long lastSeen;
        try (WsClient bob = WsClient.open(p.bobToken());
                WsClient alice = WsClient.open(p.aliceToken())) {
            alice.send(Frames.send("a", p.conversation(), "seen"));
            lastSeen = bob.awaitType("message").path("seq").asLong();
        }
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            for (int i = 0; i < 3; i++) {
                alice.send(Frames.send("b" + i, p.conversation(), "missed " + i));
                alice.awaitRef("b" + i);
            }
        }
        try (WsClient bob = WsClient.open(p.bobToken())) {
            bob.send(Frames.sync("s", p.conversation(), lastSeen, 100));
            JsonNode history = bob.awaitRef("s");
            assertEquals("history", history.path("type").asText());
            assertEquals(
                    p.conversation().toString(), history.path("conversation").asText());
            assertFalse(history.path("hasMore").asBoolean());
            JsonNode messages = history.path("messages");
            assertEquals(3, messages.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(lastSeen + 1 + i, messages.get(i).path("seq").asLong());
                assertEquals("missed " + i, messages.get(i).path("text").asText());
            }
            bob.send(Frames.sync("s2", p.conversation(), 0, 2));
            JsonNode page = bob.awaitRef("s2");
            assertEquals(2, page.path("messages").size());
            assertTrue(page.path("hasMore").asBoolean());
        }
    }

    @Test
    void readIsAckedAndOtherMembersGetAReceipt() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            alice.send(Frames.send("m", p.conversation(), "read me"));
            long seq = bob.awaitType("message").path("seq").asLong();
            bob.send(Frames.read("r3", p.conversation(), seq));
            JsonNode ack = bob.awaitRef("r3");
            assertEquals("ack", ack.path("type").asText());
            JsonNode receipt = alice.awaitType("receipt");
            assertEquals(
                    p.conversation().toString(), receipt.path("conversation").asText());
            assertEquals(p.bob(), receipt.path("user").asText());
            assertEquals(seq, receipt.path("readSeq").asLong());
            assertTrue(
                    bob.drain("receipt", Duration.ofMillis(300)).isEmpty(), "the reader gets no receipt of their own");
        }
        Api.as(p.bobToken())
                .get("/v1/conversations")
                .then()
                .body("find { it.id == '" + p.conversation() + "' }.readSeq", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void pingGetsPong() {
        try (WsClient ws = WsClient.open(Tokens.user(Tokens.newUserId("pinger")))) {
            ws.send(Frames.ping("r4"));
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
        try (WsClient ws = WsClient.open(Tokens.user(Tokens.newUserId("sloppy")))) {
            ws.send("{this is not json");
            JsonNode error = ws.awaitType("error");
            assertEquals("invalid_frame", error.path("code").asText());
            ws.send("[1,2,3]");
            assertEquals("invalid_frame", ws.awaitType("error").path("code").asText());
            ws.send(WsClient.frame("teleport", "u1"));
            assertError(ws, "u1", "unknown_type");
            ws.send(WsClient.frame("send", "u2").put("conversation", "not-a-uuid"));
            assertError(ws, "u2", "invalid_frame");
            ws.send(Frames.sync("u3", UUID.randomUUID(), -1));
            assertError(ws, "u3", "invalid_frame");
            ws.send(Frames.ping("still-open"));
            assertEquals("pong", ws.awaitRef("still-open").path("type").asText());
        }
    }

    @Test
    void notMemberAndNotFound() {
        Pair p = Pair.create();
        try (WsClient eve = WsClient.open(Tokens.user(Tokens.newUserId("eve")))) {
            eve.send(Frames.send("nm", p.conversation(), "let me in"));
            assertError(eve, "nm", "not_member");
            eve.send(WsClient.frame("sync", "nm2")
                    .put("conversation", p.conversation().toString()));
            assertError(eve, "nm2", "not_member");
            eve.send(Frames.send("nf", UUID.randomUUID(), "anyone?"));
            assertError(eve, "nf", "not_found");
        }
        assertEquals(0, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", p.conversation()));
    }

    @Test
    void oversizedFrameGetsPayloadTooLargeWithItsRef() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            alice.send(Frames.send("big", p.conversation(), "x".repeat(70_000)));
            assertError(alice, "big", "payload_too_large");
            alice.send(Frames.ping("after"));
            assertEquals("pong", alice.awaitRef("after").path("type").asText());
        }
    }

    @Test
    void frameTooLargeToReadClosesWith1009() {
        try (WsClient ws = WsClient.open(Tokens.user(Tokens.newUserId("huge")))) {
            ws.send("{\"type\":\"ping\",\"pad\":\"" + "y".repeat(1_100_000) + "\"}");
            assertEquals(1009, ws.awaitClose());
        }
    }

    @Test
    void tooManyBadFramesCloseWith1008() {
        try (WsClient ws = WsClient.open(Tokens.user(Tokens.newUserId("abuser")))) {
            for (int i = 0; i < 21; i++) {
                ws.send("garbage " + i);
            }
            assertEquals(1008, ws.awaitClose());
        }
    }

    @Test
    void sendsPastTheRateLimitAreRateLimited() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            int total = 260;
            for (int i = 0; i < total; i++) {
                alice.send(Frames.send("q" + i, p.conversation(), "flood " + i));
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
            assertEquals(
                    total - limited,
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
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
        String ciphertext = java.util.Base64.getEncoder().encodeToString("opaque client bytes".getBytes());
        try (WsClient a = WsClient.open(aliceToken);
                WsClient b = WsClient.open(bobToken)) {
            a.send(Frames.send("plain", id, "plaintext not allowed"));
            assertError(a, "plain", "invalid_frame");
            a.send(Frames.sendCiphertext("e", id, ciphertext));
            assertEquals("ack", a.awaitRef("e").path("type").asText());
            JsonNode message = b.awaitType("message");
            assertEquals(ciphertext, message.path("ciphertext").asText());
            assertTrue(message.path("text").isMissingNode());
        }
    }

    @Test
    void tamperedCiphertextIsShownAsUnreadable() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            alice.send(Frames.send("t1", p.conversation(), "first"));
            alice.awaitRef("t1");
            alice.send(Frames.send("t2", p.conversation(), "second"));
            alice.awaitRef("t2");
        }
        // Move message 2's ciphertext into row 1: GCM's additional data no longer matches.
        Db.execute(
                "UPDATE message m SET ciphertext = o.ciphertext, nonce = o.nonce FROM message o "
                        + "WHERE m.conversation_id = ? AND m.seq = 1 AND o.conversation_id = m.conversation_id AND o.seq = 2",
                p.conversation());
        Api.as(p.bobToken())
                .get("/v1/conversations/" + p.conversation() + "/messages")
                .then()
                .statusCode(200)
                .body("messages[0].unreadable", org.hamcrest.Matchers.equalTo(true))
                .body("messages[0].text", org.hamcrest.Matchers.nullValue())
                .body("messages[1].text", org.hamcrest.Matchers.equalTo("second"));
    }

    @Test
    void aTokenThatExpiresWhileConnectedGetsUnauthorizedAndAClose() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String token = Tokens.claims(Tokens.newUserId("shortlived"), "DE")
                .issuedAt(now)
                .expiresAt(now + 2)
                .sign(Tokens.key());
        try (WsClient ws = WsClient.open(token)) {
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
