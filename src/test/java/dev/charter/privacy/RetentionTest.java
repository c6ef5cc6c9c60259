package dev.charter.privacy;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.messaging.expiry.MessageExpiry;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.TestClock;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention with a controllable clock: messages are written "in the past" (the service clock moved back),
 * then the sweep runs at the real present. Writing in the past keeps the other tests' current-month keys
 * out of reach of these sweeps.
 */
@QuarkusTest
public class RetentionTest {

    @Inject
    MessageExpiry expiry;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private static ValidatableResponse sweep() {
        return Api.as(Tokens.withRoles(Tokens.newUserId("admin"), "admin"))
                .post("/v1/admin/retention/sweep")
                .then()
                .statusCode(200);
    }

    private static void sendAt(Duration ago, String token, UUID conversation, String... texts) {
        TestClock.reset();
        TestClock.advance(ago.negated());
        try {
            Chat.send(token, conversation, texts);
        } finally {
            TestClock.reset();
        }
    }

    private static int epochOf(Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        return utc.getYear() * 100 + utc.getMonthValue();
    }

    private static List<String> texts(String token, UUID conversation) {
        return Chat.history(token, conversation).stream()
                .map(m -> m.path("text").asText())
                .toList();
    }

    private static long liveKeys(String user, int epoch) {
        return Db.count(
                "SELECT count(*) FROM data_key WHERE user_id = ? AND epoch = ? AND destroyed_at IS NULL", user, epoch);
    }

    @Test
    void monthKeysPastTheirJurisdictionRetentionAreShreddedAndTheirMessagesExpire() {
        String old = Tokens.newUserId("ret-old");
        String recent = Tokens.newUserId("ret-recent");
        String american = Tokens.newUserId("ret-us");
        String oldToken = Api.register(old);
        String recentToken = Api.register(recent);
        String usToken = Tokens.user(american, "US");
        Api.as(usToken).get("/v1/conversations").then().statusCode(200);
        UUID group = Api.group(oldToken, "retention", List.of(recent, american));

        Duration longAgo = Duration.ofDays(400);
        Duration lastWinter = Duration.ofDays(300);
        int oldEpoch = epochOf(Instant.now().minus(longAgo));
        int recentEpoch = epochOf(Instant.now().minus(lastWinter));
        sendAt(longAgo, oldToken, group, "canary from long ago");
        sendAt(longAgo, usToken, group, "american canary from long ago");
        sendAt(lastWinter, recentToken, group, "from last winter");
        Chat.send(oldToken, group, "today");
        assertEquals(
                List.of("canary from long ago", "american canary from long ago", "from last winter", "today"),
                texts(recentToken, group));

        ValidatableResponse result = sweep().body("ran", equalTo(true));
        int gdprCutoff = epochOf(Instant.now().minus(Duration.ofDays(365)));
        result.body("jurisdictions.find { it.jurisdiction == 'GDPR' }.beforeEpoch", equalTo(gdprCutoff))
                .body("jurisdictions.find { it.jurisdiction == 'GDPR' }.retentionDays", equalTo(365));
        assertTrue(result.extract().<Integer>path("expiredMessages") >= 2);
        assertTrue(result.extract().<Integer>path("destroyedKeys") >= 2);

        assertEquals(List.of("from last winter", "today"), texts(recentToken, group), "expired messages are gone");
        assertEquals(0, liveKeys(old, oldEpoch), "the old month key of the GDPR author is shredded");
        assertEquals(0, liveKeys(american, oldEpoch), "so is the US author's");
        assertEquals(1, liveKeys(recent, recentEpoch), "a month still within retention keeps its key");
        assertEquals(1, liveKeys(old, epochOf(Instant.now())), "the author's current month is untouched");
        assertEquals(
                2,
                Db.count(
                        "SELECT count(*) FROM message WHERE conversation_id = ? AND state = 'expired'"
                                + " AND octet_length(ciphertext) = 0",
                        group));
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM shred_ledger WHERE scope = 'retention' AND subject = 'GDPR'"
                                + " AND before_epoch = ? AND (SELECT key_id FROM data_key WHERE user_id = ? AND epoch = ?) = ANY (key_ids)",
                        gdprCutoff,
                        old,
                        oldEpoch),
                "the shred is in the ledger, under the jurisdiction");
        assertEquals(
                0,
                Db.count("SELECT count(*) FROM shred_ledger WHERE subject = ?", old),
                "the ledger names the jurisdiction, never the user");
        assertTrue(Db.count("SELECT count(*) FROM audit_event WHERE action = 'retention.sweep'") >= 1);

        sweep().body("expiredMessages", equalTo(0)).body("destroyedKeys", equalTo(0));
    }

    @Test
    void aCrashBetweenExpiringAndShreddingIsFinishedByTheNextSweep() {
        Pair p = Pair.create("ret-crash", "ret-reader");
        Duration longAgo = Duration.ofDays(420);
        int oldEpoch = epochOf(Instant.now().minus(longAgo));
        sendAt(longAgo, p.aliceToken(), p.conversation(), "one", "two", "three");

        // The first half of a sweep that died before it reached the keys.
        int cutoff = epochOf(Instant.now().minus(Duration.ofDays(365)));
        assertEquals(3L, expiry.expireAuthoredBefore("GDPR", cutoff, 2).await().atMost(Duration.ofSeconds(10)));
        assertEquals(1, liveKeys(p.alice(), oldEpoch));
        assertEquals(List.of(), texts(p.bobToken(), p.conversation()));

        sweep();
        assertEquals(0, liveKeys(p.alice(), oldEpoch));
    }

    @Test
    void aConversationsOwnRetentionExpiresItsMessagesSoonerAndKeepsTheKeys() {
        String owner = Tokens.newUserId("ret-owner");
        String member = Tokens.newUserId("ret-member");
        String ownerToken = Api.register(owner);
        String memberToken = Api.register(member);
        UUID shortLived = UUID.fromString(Api.as(ownerToken)
                .body(Map.of("kind", "group", "title", "ephemeral", "members", List.of(member), "retentionDays", 2))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .body("retentionDays", equalTo(2))
                .extract()
                .path("id"));
        UUID normal = Api.group(ownerToken, "normal", List.of(member));

        Duration threeDays = Duration.ofDays(3);
        sendAt(threeDays, ownerToken, shortLived, "gone soon");
        sendAt(threeDays, ownerToken, normal, "kept");
        Chat.send(ownerToken, shortLived, "fresh");

        Api.as(memberToken)
                .body(Map.of("days", 1))
                .put("/v1/conversations/" + shortLived + "/retention")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        Api.as(ownerToken)
                .body(Map.of("days", 0))
                .put("/v1/conversations/" + shortLived + "/retention")
                .then()
                .statusCode(422)
                .body("code", equalTo("unprocessable"));
        Api.as(Tokens.user(Tokens.newUserId("outsider")))
                .body(Map.of("days", 1))
                .put("/v1/conversations/" + shortLived + "/retention")
                .then()
                .statusCode(404);

        sweep();
        assertEquals(List.of("fresh"), texts(memberToken, shortLived));
        assertEquals(List.of("kept"), texts(memberToken, normal));
        assertEquals(
                1,
                liveKeys(owner, epochOf(Instant.now().minus(threeDays))),
                "a conversation's retention deletes its rows; the author's month key serves other conversations");

        JsonNode cleared = Api.as(ownerToken)
                .body("{\"days\":null}")
                .put("/v1/conversations/" + shortLived + "/retention")
                .then()
                .statusCode(200)
                .body("retentionDays", nullValue())
                .extract()
                .as(JsonNode.class);
        assertEquals(shortLived.toString(), cleared.path("id").asText());
    }

    @Test
    void onlyAdminsSweep() {
        Api.as(Tokens.user(Tokens.newUserId("ret-user")))
                .post("/v1/admin/retention/sweep")
                .then()
                .statusCode(403);
        Api.as(Tokens.withRoles(Tokens.newUserId("ret-officer"), "privacy-officer"))
                .post("/v1/admin/retention/sweep")
                .then()
                .statusCode(403);
    }
}
