package dev.charter.messaging.send;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.SealedGroup;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Editing, unsending and typing over real WebSockets against the real database. */
@QuarkusTest
class MessageChangesTest {

    private static ObjectNode edit(String ref, UUID conversation, long seq, String text) {
        ObjectNode frame = WsClient.frame("edit", ref);
        frame.put("conversation", conversation.toString()).put("seq", seq).put("text", text);
        return frame;
    }

    private static ObjectNode unsend(String ref, UUID conversation, long seq) {
        ObjectNode frame = WsClient.frame("unsend", ref);
        frame.put("conversation", conversation.toString()).put("seq", seq);
        return frame;
    }

    private static ObjectNode typing(UUID conversation) {
        ObjectNode frame = WsClient.frame("typing", null);
        frame.put("conversation", conversation.toString());
        return frame;
    }

    private static long send(WsClient ws, UUID conversation, String text) {
        String ref = "s-" + UUID.randomUUID();
        ws.send(Frames.send(ref, conversation, text));
        JsonNode ack = ws.awaitRef(ref);
        assertEquals("ack", ack.path("type").asText(), ack.toString());
        return ack.path("seq").asLong();
    }

    private static byte[] storedCiphertext(UUID conversation, long seq) {
        return (byte[])
                Db.rows("SELECT ciphertext FROM message WHERE conversation_id = ? AND seq = ?", conversation, seq)
                        .get(0)
                        .get(0);
    }

    private static void assertError(JsonNode frame, String code) {
        assertEquals("error", frame.path("type").asText(), frame.toString());
        assertEquals(code, frame.path("code").asText(), frame.toString());
    }

    @Test
    void anEditReachesEveryConnectionAndHistoryShowsTheLatestText() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient alicePhone = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            long seq = send(alice, p.conversation(), "see you at 5");
            JsonNode message = bob.awaitType("message");
            byte[] original = storedCiphertext(p.conversation(), seq);

            alice.send(edit("e1", p.conversation(), seq, "see you at 6"));
            JsonNode ack = alice.awaitRef("e1");
            assertEquals("ack", ack.path("type").asText(), ack.toString());

            for (WsClient device : List.of(bob, alicePhone, alice)) {
                JsonNode edited = device.awaitType("edited");
                assertEquals(
                        p.conversation().toString(), edited.path("conversation").asText());
                assertEquals(seq, edited.path("seq").asLong());
                assertEquals(
                        message.path("messageId").asText(),
                        edited.path("messageId").asText());
                assertEquals("see you at 6", edited.path("text").asText());
                assertTrue(Instant.parse(edited.path("editedAt").asText())
                        .isAfter(Instant.parse(message.path("sentAt").asText())));
            }

            JsonNode stored = Chat.history(p.bobToken(), p.conversation()).get(0);
            assertEquals("see you at 6", stored.path("text").asText());
            assertTrue(stored.hasNonNull("editedAt"), stored.toString());
            assertEquals(message.path("sentAt").asText(), stored.path("sentAt").asText());

            bob.send(Frames.sync("y", p.conversation(), 0));
            JsonNode synced = bob.awaitRef("y").path("messages").get(0);
            assertEquals("see you at 6", synced.path("text").asText());
            assertEquals(
                    stored.path("editedAt").asText(), synced.path("editedAt").asText());

            byte[] edited = storedCiphertext(p.conversation(), seq);
            assertFalse(java.util.Arrays.equals(original, edited), "sealed anew");
            assertEquals(0, Db.rowsMentioning("see you at 6"), "never stored in plaintext");
            assertEquals(
                    1,
                    Db.count(
                            "SELECT count(*) FROM message m JOIN data_key k ON k.user_id = m.sender_id"
                                    + " AND k.epoch = m.key_epoch AND k.version = m.key_version"
                                    + " WHERE m.conversation_id = ? AND m.seq = ? AND k.destroyed_at IS NULL",
                            p.conversation(),
                            seq),
                    "sealed under the author's live month key");
        }
    }

    @Test
    void editsAreRefusedOutsideTheWindowForOthersAndForBlockedText() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            long old = send(alice, p.conversation(), "an old message");
            long fresh = send(alice, p.conversation(), "a fresh message");
            Db.execute(
                    "UPDATE message SET sent_at = sent_at - interval '15 minutes 5 seconds'"
                            + " WHERE conversation_id = ? AND seq = ?",
                    p.conversation(),
                    old);

            alice.send(edit("late", p.conversation(), old, "too late"));
            assertError(alice.awaitRef("late"), "forbidden");

            bob.send(edit("theirs", p.conversation(), fresh, "not my words"));
            assertError(bob.awaitRef("theirs"), "forbidden");

            alice.send(edit("blocked", p.conversation(), fresh, "K i l l   y0urs\u200Belf"));
            assertError(alice.awaitRef("blocked"), "blocked_by_policy");

            alice.send(edit("nothing", p.conversation(), 99, "no such message"));
            assertError(alice.awaitRef("nothing"), "not_found");

            assertTrue(bob.drain("edited", Duration.ofMillis(300)).isEmpty(), "no refused edit is announced");
            List<JsonNode> history = Chat.history(p.aliceToken(), p.conversation());
            assertEquals("an old message", history.get(0).path("text").asText());
            assertEquals("a fresh message", history.get(1).path("text").asText());
            assertFalse(history.get(1).has("editedAt"), history.get(1).toString());
        }
    }

    @Test
    void outsidersCannotEditAndUnsentMessagesCannotBeEdited() {
        Pair p = Pair.create();
        String carol = Api.register(Tokens.newUserId("carol"));
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient outsider = WsClient.open(carol)) {
            long seq = send(alice, p.conversation(), "hello");
            outsider.send(edit("o", p.conversation(), seq, "hijacked"));
            assertError(outsider.awaitRef("o"), "not_member");

            alice.send(unsend("u", p.conversation(), seq));
            assertEquals("ack", alice.awaitRef("u").path("type").asText());
            alice.send(edit("e", p.conversation(), seq, "back again"));
            assertError(alice.awaitRef("e"), "forbidden");
        }
    }

    @Test
    void shreddingTheAuthorsKeysDestroysTheirEditsAndTheKeptOriginal() {
        Pair p = Pair.create();
        String[] report = new String[1];
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            long seq = send(alice, p.conversation(), "first words");
            report[0] = Api.as(p.bobToken())
                    .body(Map.of("conversation", p.conversation(), "seq", seq, "reason", "other"))
                    .post("/v1/reports")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            alice.send(edit("e", p.conversation(), seq, "second words"));
            assertEquals("ack", alice.awaitRef("e").path("type").asText());
        }
        Api.as(Tokens.withRoles(Tokens.newUserId("admin"), "user", "admin"))
                .body(Map.of("user", p.alice()))
                .post("/v1/admin/keys/destroy")
                .then()
                .statusCode(200);
        JsonNode shredded = Chat.history(p.bobToken(), p.conversation()).get(0);
        assertTrue(shredded.path("erased").asBoolean(), shredded.toString());
        assertFalse(shredded.has("text"));
        assertFalse(shredded.has("editedAt"));
        Api.as(Tokens.withRoles(Tokens.newUserId("mod"), "moderator"))
                .get("/v1/admin/reports/" + report[0])
                .then()
                .statusCode(200)
                .body("content.text", org.hamcrest.Matchers.nullValue())
                .body("content.erased", equalTo(true));
    }

    @Test
    void anUnreadableMessageCannotBeEdited() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            long seq = send(alice, p.conversation(), "tamper with me");
            Db.execute(
                    "UPDATE message SET ciphertext = set_byte(ciphertext, 5, get_byte(ciphertext, 5) # 1)"
                            + " WHERE conversation_id = ? AND seq = ?",
                    p.conversation(),
                    seq);
            alice.send(edit("e", p.conversation(), seq, "cover it up"));
            assertError(alice.awaitRef("e"), "forbidden");
        }
        assertTrue(Chat.history(p.bobToken(), p.conversation())
                .get(0)
                .path("unreadable")
                .asBoolean());
    }

    @Test
    void anEditOfAReportedMessageIsAuditedAndModeratorsSeeWhatWasReported() {
        Pair p = Pair.create();
        String moderator = Tokens.withRoles(Tokens.newUserId("mod"), "moderator");
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            long seq = send(alice, p.conversation(), "buy cheap watches here");
            String report = Api.as(p.bobToken())
                    .body(Map.of("conversation", p.conversation(), "seq", seq, "reason", "spam"))
                    .post("/v1/reports")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");

            alice.send(edit("e", p.conversation(), seq, "never mind"));
            assertEquals("ack", alice.awaitRef("e").path("type").asText());

            assertEquals(
                    1,
                    Db.count(
                            "SELECT count(*) FROM audit_event WHERE action = 'message.edited' AND actor = ?"
                                    + " AND subject = ? AND details->>'conversation' = ? AND jsonb_exists(details->'reports', ?)",
                            p.alice(),
                            p.alice(),
                            p.conversation().toString(),
                            report));
            Api.as(moderator)
                    .get("/v1/admin/reports/" + report)
                    .then()
                    .statusCode(200)
                    .body("content.text", equalTo("buy cheap watches here"));
            assertEquals(
                    "never mind",
                    Chat.history(p.bobToken(), p.conversation())
                            .get(0)
                            .path("text")
                            .asText());

            alice.send(unsend("u", p.conversation(), seq));
            assertEquals("ack", alice.awaitRef("u").path("type").asText());
            assertEquals(
                    1,
                    Db.count(
                            "SELECT count(*) FROM audit_event WHERE action = 'message.unsent' AND actor = ?"
                                    + " AND jsonb_exists(details->'reports', ?)",
                            p.alice(),
                            report));
            Api.as(moderator)
                    .get("/v1/admin/reports/" + report)
                    .then()
                    .statusCode(200)
                    .body("content.text", equalTo("buy cheap watches here"));
        }
        assertEquals(0, Db.rowsMentioning("buy cheap watches here"), "the kept original is sealed too");
    }

    @Test
    void anUnreportedEditIsNotAudited() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            long seq = send(alice, p.conversation(), "typo hree");
            alice.send(edit("e", p.conversation(), seq, "typo here"));
            assertEquals("ack", alice.awaitRef("e").path("type").asText());
        }
        assertEquals(0, Db.count("SELECT count(*) FROM audit_event WHERE actor = ?", p.alice()));
        assertEquals(0, Db.count("SELECT count(*) FROM message_original WHERE conversation_id = ?", p.conversation()));
    }

    @Test
    void endToEndEncryptedEditsCarryCiphertext() {
        SealedGroup g = SealedGroup.create();
        long seq = g.aliceSends(new byte[] {1, 2, 3});
        String replaced = Base64.getEncoder().encodeToString(new byte[] {4, 5, 6, 7});
        try (WsClient alice = WsClient.open(g.aliceToken());
                WsClient bob = WsClient.open(g.bobToken())) {
            ObjectNode plain = edit("p", g.conversation(), seq, "plain text");
            alice.send(plain);
            assertError(alice.awaitRef("p"), "invalid_frame");

            ObjectNode frame = WsClient.frame("edit", "c");
            frame.put("conversation", g.conversation().toString())
                    .put("seq", seq)
                    .put("ciphertext", replaced);
            alice.send(frame);
            assertEquals("ack", alice.awaitRef("c").path("type").asText());
            JsonNode edited = bob.awaitType("edited");
            assertEquals(replaced, edited.path("ciphertext").asText());
            assertFalse(edited.has("text"));
        }
        JsonNode stored = Chat.history(g.bobToken(), g.conversation()).get(0);
        assertEquals(replaced, stored.path("ciphertext").asText());
        assertTrue(stored.hasNonNull("editedAt"));
    }

    @Test
    void unsendRemovesTheMessageForEveryConnectionWithinItsWindow() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient alicePhone = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            long seq = send(alice, p.conversation(), "oops, wrong chat");
            long old = send(alice, p.conversation(), "from two days ago");
            long bobs = send(bob, p.conversation(), "bob's words");
            Db.execute(
                    "UPDATE message SET sent_at = sent_at - interval '2 days 1 minute' WHERE conversation_id = ? AND seq = ?",
                    p.conversation(),
                    old);

            alice.send(unsend("u1", p.conversation(), seq));
            assertEquals("ack", alice.awaitRef("u1").path("type").asText());
            for (WsClient device : List.of(bob, alicePhone)) {
                JsonNode removed = device.awaitType("removed");
                assertEquals(
                        p.conversation().toString(),
                        removed.path("conversation").asText());
                assertEquals(seq, removed.path("seq").asLong());
            }

            alice.send(unsend("late", p.conversation(), old));
            assertError(alice.awaitRef("late"), "forbidden");
            alice.send(unsend("theirs", p.conversation(), bobs));
            assertError(alice.awaitRef("theirs"), "forbidden");
            assertTrue(bob.drain("removed", Duration.ofMillis(300)).isEmpty(), "refusals announce nothing");

            List<JsonNode> history = Chat.history(p.bobToken(), p.conversation());
            assertTrue(
                    history.get(0).path("removed").asBoolean(), history.get(0).toString());
            assertFalse(history.get(0).has("text"));
            assertEquals("from two days ago", history.get(1).path("text").asText());
            assertEquals("bob's words", history.get(2).path("text").asText());
            assertEquals(0, storedCiphertext(p.conversation(), seq).length, "the text is gone");
        }
    }

    @Test
    void theRestDeletePushesRemovedToo() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            long seq = send(alice, p.conversation(), "delete me");
            Db.execute(
                    "UPDATE message SET sent_at = sent_at - interval '30 days' WHERE conversation_id = ? AND seq = ?",
                    p.conversation(),
                    seq);
            Api.as(p.aliceToken())
                    .delete("/v1/conversations/" + p.conversation() + "/messages/" + seq)
                    .then()
                    .statusCode(204);
            assertEquals(seq, bob.awaitType("removed").path("seq").asLong());
            Api.as(p.bobToken())
                    .delete("/v1/conversations/" + p.conversation() + "/messages/" + seq)
                    .then()
                    .statusCode(404)
                    .body("code", equalTo("not_found"));
        }
    }

    @Test
    void typingReachesTheOtherMembersOnlyAtMostOncePerThreeSecondsAndIsNeverStored() {
        Pair p = Pair.create();
        long rowsBefore = Db.rowsMentioning(p.alice());
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient alicePhone = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            for (int i = 0; i < 5; i++) {
                alice.send(typing(p.conversation()));
            }
            JsonNode typing = bob.awaitType("typing");
            assertEquals(
                    p.conversation().toString(), typing.path("conversation").asText());
            assertEquals(p.alice(), typing.path("user").asText());
            assertTrue(bob.drain("typing", Duration.ofMillis(1_500)).isEmpty(), "the rest of the burst is dropped");
            assertTrue(alice.drain("typing", Duration.ZERO).isEmpty(), "not to the typer");
            assertTrue(alicePhone.drain("typing", Duration.ZERO).isEmpty(), "not to the typer's other devices");
            assertTrue(alice.drain("error", Duration.ZERO).isEmpty(), "dropped frames are not errors");

            alice.send(Frames.ping("still-open"));
            assertEquals("pong", alice.awaitRef("still-open").path("type").asText());

            try {
                Thread.sleep(1_700);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            alice.send(typing(p.conversation()));
            assertEquals(p.alice(), bob.awaitType("typing").path("user").asText());
        }
        assertEquals(rowsBefore, Db.rowsMentioning(p.alice()), "nothing stored");
    }

    @Test
    void typingByANonMemberIsRefused() {
        Pair p = Pair.create();
        String carol = Api.register(Tokens.newUserId("carol"));
        try (WsClient outsider = WsClient.open(carol);
                WsClient bob = WsClient.open(p.bobToken())) {
            ObjectNode frame = typing(p.conversation());
            frame.put("ref", "t");
            outsider.send(frame);
            assertError(outsider.awaitRef("t"), "not_member");
            assertTrue(bob.drain("typing", Duration.ofMillis(300)).isEmpty());
        }
    }

    @Test
    void malformedEditsAreInvalidFrames() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            ObjectNode noSeq = WsClient.frame("edit", "a");
            noSeq.put("conversation", p.conversation().toString()).put("text", "x");
            alice.send(noSeq);
            assertError(alice.awaitRef("a"), "invalid_frame");
            ObjectNode both = edit("b", p.conversation(), 1, "x");
            both.put("ciphertext", "eA==");
            alice.send(both);
            assertError(alice.awaitRef("b"), "invalid_frame");
        }
    }
}
