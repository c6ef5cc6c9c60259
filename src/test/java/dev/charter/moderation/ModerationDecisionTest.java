package dev.charter.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A decision, its effects and its audit record are one transaction: when the audit record cannot be written,
 * the report stays open, the message stays, no suspension is stored, no frame goes out and the moderator can
 * decide again. Decisions write only what they change: the reporter's sealed copy survives them.
 */
@QuarkusTest
public class ModerationDecisionTest {

    private static String moderator() {
        return Tokens.withRoles(Tokens.newUserId("mod"), "moderator");
    }

    private static String report(String token, UUID conversation, long seq, String reason) {
        return Api.as(token)
                .body(Map.of("conversation", conversation, "seq", seq, "reason", reason))
                .post("/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Makes every {@code moderation.decision} audit record about {@code user} fail, as a broken audit would. */
    private static String failDecisionAuditsAbout(String user) {
        String name = "fail_decision_audit_" + UUID.randomUUID().toString().replace("-", "");
        Db.execute("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " RAISE EXCEPTION 'audit refused for the test'; END $$");
        Db.execute("CREATE TRIGGER " + name + " BEFORE INSERT ON audit_event FOR EACH ROW"
                + " WHEN (NEW.action = 'moderation.decision' AND NEW.subject = '" + user.replace("'", "''") + "')"
                + " EXECUTE FUNCTION " + name + "()");
        return name;
    }

    private static void drop(String name) {
        Db.execute("DROP TRIGGER IF EXISTS " + name + " ON audit_event");
        Db.execute("DROP FUNCTION IF EXISTS " + name + "()");
    }

    private static long decisionAudits(String report) {
        return Db.count(
                "SELECT count(*) FROM audit_event WHERE action = 'moderation.decision' AND details->>'report' = ?",
                report);
    }

    @Test
    void aDecisionWhoseAuditRecordFailsLeavesNothingBehind() {
        Pair p = Pair.create();
        String moderator = moderator();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            alice.send(Frames.send("m1", p.conversation(), "something to report"));
            long seq = alice.awaitRef("m1").path("seq").asLong();
            bob.awaitType("message");
            String removal = report(p.bobToken(), p.conversation(), seq, "spam");
            String suspension = report(p.bobToken(), p.conversation(), seq, "harassment");

            String trigger = failDecisionAuditsAbout(p.alice());
            try {
                Api.as(moderator)
                        .body(Map.of("action", "remove_message", "note", "Spam."))
                        .post("/v1/admin/reports/" + removal + "/decision")
                        .then()
                        .statusCode(500);
                Api.as(moderator)
                        .body(Map.of("action", "suspend", "note", "Harassment.", "days", 3))
                        .post("/v1/admin/reports/" + suspension + "/decision")
                        .then()
                        .statusCode(500);
            } finally {
                drop(trigger);
            }

            for (String id : List.of(removal, suspension)) {
                assertEquals(
                        List.of(List.of("open")),
                        Db.rows(
                                "SELECT status FROM report WHERE id = ?::uuid AND action IS NULL"
                                        + " AND decided_by IS NULL AND decided_at IS NULL",
                                id));
                assertEquals(0, decisionAudits(id));
            }
            assertEquals(
                    List.of(List.of("visible")),
                    Db.rows("SELECT state FROM message WHERE conversation_id = ? AND seq = ?", p.conversation(), seq));
            assertEquals(0, Db.count("SELECT count(*) FROM suspension WHERE user_id = ?", p.alice()));
            assertTrue(bob.drain("report_update", Duration.ofMillis(500)).isEmpty(), "no frame for a rollback");
            assertTrue(alice.drain("moderation_notice", Duration.ofMillis(200)).isEmpty());
            alice.send(Frames.send("m2", p.conversation(), "still allowed to send"));
            assertEquals("ack", alice.awaitRef("m2").path("type").asText());

            Api.as(moderator)
                    .body(Map.of("action", "suspend", "note", "Harassment.", "days", 3))
                    .post("/v1/admin/reports/" + suspension + "/decision")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("resolved"))
                    .body("action", equalTo("suspend"));
            assertEquals(1, decisionAudits(suspension));
            assertEquals(1, Db.count("SELECT count(*) FROM suspension WHERE user_id = ?", p.alice()));
            JsonNode update = bob.awaitType("report_update");
            assertEquals(suspension, update.path("report").asText());
            assertEquals(
                    "suspend",
                    alice.awaitType("moderation_notice").path("action").asText());
        }
    }

    @Test
    void theReportersSealedCopySurvivesTheDecision() {
        SealedGroup group = SealedGroup.create();
        UUID conversation = group.conversation();
        String bobToken = group.bobToken();
        long seq = group.aliceSends(new byte[] {5, 6, 7, 8});
        String copy = "what bob read " + UUID.randomUUID();
        String id = Api.as(bobToken)
                .body(Map.of("conversation", conversation, "seq", seq, "reason", "harassment", "copy", copy))
                .post("/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        String moderator = moderator();
        Api.as(moderator).get("/v1/admin/reports?status=any&limit=500").then().statusCode(200);
        Api.as(moderator)
                .body(Map.of("action", "warn", "note", "Keep it civil."))
                .post("/v1/admin/reports/" + id + "/decision")
                .then()
                .statusCode(200)
                .body("status", equalTo("resolved"));
        Api.as(moderator)
                .get("/v1/admin/reports/" + id)
                .then()
                .statusCode(200)
                .body("report.action", equalTo("warn"))
                .body("content.source", equalTo("reporter_copy"))
                .body("content.text", equalTo(copy));
    }
}
