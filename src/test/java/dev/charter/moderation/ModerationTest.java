package dev.charter.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.SealedGroup;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Content rules on the send path, reports and moderators' decisions, end to end. */
@QuarkusTest
public class ModerationTest {

    private static String moderator() {
        return Tokens.withRoles(Tokens.newUserId("mod"), "moderator");
    }

    @Test
    void aBlockedSendIsRefusedNamingTheCategoryAndNothingIsStored() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            alice.send(Frames.send("b1", p.conversation(), "K i l l   y0urs\u200Belf"));
            JsonNode error = alice.awaitRef("b1");
            assertEquals("error", error.path("type").asText());
            assertEquals("blocked_by_policy", error.path("code").asText());
            assertTrue(error.path("message").asText().contains("self_harm"), error.toString());
            assertFalse(
                    error.path("message").asText().toLowerCase().contains("kill"), "the matched words are not echoed");
        }
        assertEquals(0, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", p.conversation()));
    }

    @Test
    void aMaskedSendIsStoredAndDeliveredMasked() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            alice.send(Frames.send("m1", p.conversation(), "what the FUCK"));
            assertEquals("ack", alice.awaitRef("m1").path("type").asText());
            assertEquals("what the ****", bob.awaitType("message").path("text").asText());
        }
        Api.as(p.bobToken())
                .get("/v1/conversations/" + p.conversation() + "/messages")
                .then()
                .statusCode(200)
                .body("messages[0].text", equalTo("what the ****"));
    }

    @Test
    void ordinaryWordsContainingABannedSubstringPassUnchanged() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            alice.send(Frames.send("o1", p.conversation(), "a classic passage for my assistant"));
            assertEquals("ack", alice.awaitRef("o1").path("type").asText());
            assertEquals(
                    "a classic passage for my assistant",
                    bob.awaitType("message").path("text").asText());
        }
        Api.as(moderator())
                .queryParam("status", "any")
                .get("/v1/admin/reports")
                .then()
                .statusCode(200)
                .body("findAll { it.conversation == '" + p.conversation() + "' }.size()", equalTo(0));
    }

    @Test
    void aFlaggedSendIsDeliveredAndQueuedForModerators() {
        Pair p = Pair.create();
        long seq;
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            alice.send(Frames.send("f1", p.conversation(), "you are an 1d10t"));
            seq = alice.awaitRef("f1").path("seq").asLong();
            assertEquals(
                    "you are an 1d10t", bob.awaitType("message").path("text").asText());
        }
        List<Map<String, Object>> queued = Api.as(moderator())
                .get("/v1/admin/reports?status=open")
                .then()
                .statusCode(200)
                .extract()
                .path("findAll { it.conversation == '" + p.conversation() + "' }");
        assertEquals(1, queued.size());
        assertEquals("policy", queued.get(0).get("source"));
        assertEquals("harassment", queued.get(0).get("category"));
        assertEquals((int) seq, queued.get(0).get("seq"));
        assertEquals(p.alice(), queued.get(0).get("reportedUser"));
    }

    @Test
    void endToEndEncryptedConversationsSkipTheRules() {
        // Text the rules would block, but sealed: the server cannot read it, so it stores and acks it.
        SealedGroup.create().aliceSends("kill yourself".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fullReportLifecycleEndsWithTheMessageRemovedAndTheReporterTold() {
        Pair p = Pair.create();
        String moderatorId = Tokens.newUserId("mod");
        String moderator = Tokens.withRoles(moderatorId, "moderator");
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            alice.send(Frames.send("r1", p.conversation(), "cheap watches, click my link"));
            long seq = alice.awaitRef("r1").path("seq").asLong();
            bob.awaitType("message");

            String outsider = Api.register(Tokens.newUserId("carol"));
            Api.as(outsider)
                    .body(Map.of("conversation", p.conversation(), "seq", seq, "reason", "spam"))
                    .post("/v1/reports")
                    .then()
                    .statusCode(404)
                    .body("code", equalTo("not_found"));
            Api.as(p.bobToken())
                    .body(Map.of("conversation", p.conversation(), "seq", seq, "reason", "nonsense"))
                    .post("/v1/reports")
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("invalid_request"));
            Api.as(p.bobToken())
                    .body(Map.of("conversation", p.conversation(), "seq", 999, "reason", "spam"))
                    .post("/v1/reports")
                    .then()
                    .statusCode(404);

            String reportId = Api.as(p.bobToken())
                    .body(Map.of("conversation", p.conversation(), "seq", seq, "reason", "spam", "note", "scam link"))
                    .post("/v1/reports")
                    .then()
                    .statusCode(201)
                    .body("status", equalTo("open"))
                    .body("id", notNullValue())
                    .extract()
                    .path("id");

            Api.as(p.bobToken())
                    .get("/v1/me/reports")
                    .then()
                    .statusCode(200)
                    .body("size()", equalTo(1))
                    .body("[0].id", equalTo(reportId))
                    .body("[0].conversation", equalTo(p.conversation().toString()))
                    .body("[0].seq", equalTo((int) seq))
                    .body("[0].reason", equalTo("spam"))
                    .body("[0].status", equalTo("open"))
                    .body("[0].action", nullValue())
                    .body("[0].decidedAt", nullValue());

            Api.as(moderator)
                    .get("/v1/admin/reports?status=open")
                    .then()
                    .statusCode(200)
                    .body("find { it.id == '" + reportId + "' }.reportedUser", equalTo(p.alice()));
            Api.as(moderator)
                    .get("/v1/admin/reports/" + reportId)
                    .then()
                    .statusCode(200)
                    .body("report.id", equalTo(reportId))
                    .body("report.note", equalTo("scam link"))
                    .body("content.source", equalTo("message"))
                    .body("content.text", equalTo("cheap watches, click my link"));
            assertEquals(
                    1,
                    Db.count(
                            "SELECT count(*) FROM audit_event WHERE action = 'moderation.report.read'"
                                    + " AND actor = ? AND subject = ? AND details->>'report' = ?",
                            moderatorId,
                            p.alice(),
                            reportId));
            Api.as(p.bobToken()).get("/v1/admin/reports/" + reportId).then().statusCode(403);
            Api.as(moderator)
                    .get("/v1/admin/reports/" + UUID.randomUUID())
                    .then()
                    .statusCode(404)
                    .body("code", equalTo("not_found"));
            Api.as(moderator)
                    .body(Map.of("action", "remove_message"))
                    .post("/v1/admin/reports/" + reportId + "/decision")
                    .then()
                    .statusCode(400);
            Api.as(moderator)
                    .body(Map.of("action", "remove_message", "note", "Spam: unsolicited commercial link."))
                    .post("/v1/admin/reports/" + reportId + "/decision")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("resolved"))
                    .body("action", equalTo("remove_message"));

            JsonNode update = bob.awaitType("report_update");
            assertEquals(reportId, update.path("report").asText());
            assertEquals("resolved", update.path("status").asText());
            assertEquals("remove_message", update.path("action").asText());
            JsonNode notice = alice.awaitType("moderation_notice");
            assertEquals("remove_message", notice.path("action").asText());

            Api.as(p.bobToken())
                    .get("/v1/me/reports")
                    .then()
                    .statusCode(200)
                    .body("[0].status", equalTo("resolved"))
                    .body("[0].action", equalTo("remove_message"))
                    .body("[0].decidedAt", org.hamcrest.Matchers.endsWith("Z"));
            Api.as(p.bobToken())
                    .get("/v1/conversations/" + p.conversation() + "/messages")
                    .then()
                    .statusCode(200)
                    .body("messages[0].removed", equalTo(true))
                    .body("messages[0].text", nullValue());
            bob.send(Frames.sync("s1", p.conversation(), 0));
            JsonNode history = bob.awaitRef("s1");
            assertTrue(history.path("messages").get(0).path("removed").asBoolean());
            assertTrue(history.path("messages").get(0).path("text").isMissingNode());

            Api.as(moderator)
                    .body(Map.of("action", "dismiss"))
                    .post("/v1/admin/reports/" + reportId + "/decision")
                    .then()
                    .statusCode(409)
                    .body("code", equalTo("conflict"));
            assertEquals(
                    1,
                    Db.count(
                            "SELECT count(*) FROM audit_event WHERE action = 'moderation.decision'"
                                    + " AND actor = ? AND subject = ? AND details->>'report' = ?"
                                    + " AND details->>'statementOfReasons' = 'Spam: unsolicited commercial link.'",
                            moderatorId,
                            p.alice(),
                            reportId));
        }
    }

    @Test
    void reportsInEndToEndEncryptedConversationsCarryTheReportersSealedCopy() {
        SealedGroup group = SealedGroup.create();
        UUID conversation = group.conversation();
        String bobToken = group.bobToken();
        long seq = group.aliceSends(new byte[] {1, 2, 3, 4});
        String canary = "decrypted-by-bob-" + UUID.randomUUID();
        String withCopy = Api.as(bobToken)
                .body(Map.of("conversation", conversation, "seq", seq, "reason", "harassment", "copy", canary))
                .post("/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String withoutCopy = Api.as(bobToken)
                .body(Map.of("conversation", conversation, "seq", seq, "reason", "other"))
                .post("/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals(0, Db.rowsMentioning(canary), "the copy is sealed, never stored in the clear");

        Api.as(moderator())
                .get("/v1/admin/reports/" + withCopy)
                .then()
                .statusCode(200)
                .body("content.source", equalTo("reporter_copy"))
                .body("content.text", equalTo(canary));
        Api.as(moderator())
                .get("/v1/admin/reports/" + withoutCopy)
                .then()
                .statusCode(200)
                .body("content.source", equalTo("reporter_copy"))
                .body("content.unavailable", equalTo(true))
                .body("content.text", nullValue());

        // A copy moved onto another report does not open: it is bound to its own.
        Db.execute(
                "UPDATE report SET (copy_key_epoch, copy_key_version, copy_nonce, copy_ciphertext) ="
                        + " (SELECT copy_key_epoch, copy_key_version, copy_nonce, copy_ciphertext FROM report WHERE id = ?::uuid)"
                        + " WHERE id = ?::uuid",
                withCopy,
                withoutCopy);
        Api.as(moderator())
                .get("/v1/admin/reports/" + withoutCopy)
                .then()
                .statusCode(200)
                .body("content.unavailable", equalTo(true))
                .body("content.text", nullValue());
    }

    @Test
    void aSuspendedUserCannotSend() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            alice.send(Frames.send("s1", p.conversation(), "first"));
            long seq = alice.awaitRef("s1").path("seq").asLong();
            String reportId = Api.as(p.bobToken())
                    .body(Map.of("conversation", p.conversation(), "seq", seq, "reason", "harassment"))
                    .post("/v1/reports")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            Api.as(moderator())
                    .body(Map.of("action", "suspend", "note", "Repeated harassment.", "days", 2))
                    .post("/v1/admin/reports/" + reportId + "/decision")
                    .then()
                    .statusCode(200);
            alice.awaitType("moderation_notice");
            alice.send(Frames.send("s2", p.conversation(), "second"));
            JsonNode error = alice.awaitRef("s2");
            assertEquals("error", error.path("type").asText());
            assertEquals("restricted", error.path("code").asText());
        }
        assertEquals(1, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", p.conversation()));
    }

    @Test
    void onlyModeratorsSeeTheQueueAndDecide() {
        Pair p = Pair.create();
        String someId = UUID.randomUUID().toString();
        for (String token : List.of(p.bobToken(), Tokens.withRoles(Tokens.newUserId("po"), "privacy-officer"))) {
            Api.as(token)
                    .get("/v1/admin/reports?status=open")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("code", equalTo("forbidden"));
            Api.as(token)
                    .body(Map.of("action", "dismiss"))
                    .post("/v1/admin/reports/" + someId + "/decision")
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("forbidden"));
        }
        Api.as(Tokens.withRoles(Tokens.newUserId("admin"), "admin"))
                .get("/v1/admin/reports")
                .then()
                .statusCode(200);
        Api.as(moderator())
                .body(Map.of("action", "dismiss"))
                .post("/v1/admin/reports/" + someId + "/decision")
                .then()
                .statusCode(404);
        Api.as(p.bobToken()).get("/v1/me/reports").then().statusCode(200).body("size()", equalTo(0));
    }
}
