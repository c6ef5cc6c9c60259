package dev.charter.legalhold;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.privacy.RightsRequestService;
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
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Legal holds stop erasure, retention and shredding of what they cover, against the real database. */
@QuarkusTest
public class LegalHoldTest {

    @Inject
    RightsRequestService requests;

    private final String officer = Tokens.withRoles(Tokens.newUserId("officer"), "privacy-officer");

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private String hold(String scope, String target, String expiresAt) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "scope",
                scope,
                "user".equals(scope) ? "subject" : "conversation",
                target,
                "authority",
                "Staatsanwaltschaft Berlin",
                "reference",
                "254 Js 1/26",
                "reason",
                "Preservation order in a fraud investigation"));
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt);
        }
        return Api.as(officer)
                .body(body)
                .post("/v1/admin/holds")
                .then()
                .statusCode(201)
                .body("scope", equalTo(scope))
                .body("active", equalTo(true))
                .body("released", equalTo(false))
                .extract()
                .path("id");
    }

    private void release(String hold) {
        Api.as(officer)
                .post("/v1/admin/holds/" + hold + "/release")
                .then()
                .statusCode(200)
                .body("released", equalTo(true))
                .body("active", equalTo(false));
    }

    private static String requestErasure(String token) {
        return Api.as(token)
                .body(Map.of("type", "erasure"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .body("status", equalTo("in_progress"))
                .body("note", containsString("Preservation order in a fraud investigation"))
                .body("note", containsString("254 Js 1/26"))
                .extract()
                .path("id");
    }

    private int resume() {
        return requests.resumeStalledErasures(Duration.ZERO).await().atMost(Duration.ofSeconds(20));
    }

    private static long status(String request, String status) {
        return Db.count("SELECT count(*) FROM privacy_request WHERE id = ?::uuid AND status = ?", request, status);
    }

    @Test
    void anErasureUnderHoldWaitsWithTheLawfulReasonAndCompletesAfterRelease() {
        Pair p = Pair.create("held", "friend");
        Chat.send(p.aliceToken(), p.conversation(), "kept as evidence");
        String hold = hold("user", p.alice(), null);

        String request = requestErasure(p.aliceToken());
        Api.as(p.aliceToken())
                .get("/v1/me/requests/" + request)
                .then()
                .statusCode(200)
                .body("status", equalTo("in_progress"))
                .body("note", containsString("Staatsanwaltschaft Berlin"));
        resume();
        assertEquals(1, status(request, "in_progress"), "still held: the resumer leaves it waiting");
        assertEquals(
                1,
                Db.count("SELECT count(*) FROM audit_event WHERE action = 'request.held' AND subject = ?", p.alice()),
                "held once, audited once, however often the resumer looks");
        assertEquals(
                List.of("kept as evidence"),
                Chat.history(p.bobToken(), p.conversation()).stream()
                        .map(m -> m.path("text").asText())
                        .toList());

        release(hold);
        assertTrue(resume() >= 1);
        assertEquals(1, status(request, "completed"));
        Api.as(p.aliceToken()).get("/v1/conversations").then().statusCode(403).body("code", equalTo("erased"));
        assertEquals(
                1,
                Db.count("SELECT count(*) FROM audit_event WHERE action = 'hold.placed' AND subject = ?", p.alice()));
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM audit_event WHERE action = 'hold.released' AND subject = ?"
                                + " AND details->>'hold' = ?",
                        p.alice(),
                        hold));
    }

    @Test
    void anErasureUnderAHoldThatExpiresCompletesOnceItHasExpired() throws Exception {
        Pair p = Pair.create("expiring", "friend");
        Instant until = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        hold("user", p.alice(), until.toString());

        String request = requestErasure(p.aliceToken());
        resume();
        assertEquals(1, status(request, "in_progress"));

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis()) + 500);
        assertTrue(resume() >= 1);
        assertEquals(1, status(request, "completed"));
    }

    @Test
    void aConversationHoldHoldsTheErasureOfItsAuthors() {
        Pair p = Pair.create("conv-held", "friend");
        Chat.send(p.bobToken(), p.conversation(), "a message bob wrote");
        String hold = hold("conversation", p.conversation().toString(), null);
        requestErasure(p.bobToken());
        release(hold);
    }

    @Test
    void aShredOfAHeldUsersKeysIsRefused() {
        Pair p = Pair.create("shred-held", "friend");
        Chat.send(p.aliceToken(), p.conversation(), "still readable");
        String hold = hold("user", p.alice(), null);
        String admin = Tokens.withRoles(Tokens.newUserId("admin"), "admin");

        Api.as(admin)
                .body(Map.of("user", p.alice()))
                .post("/v1/admin/keys/destroy")
                .then()
                .statusCode(409)
                .body("code", equalTo("conflict"))
                .body("detail", containsString("legal hold"));
        assertEquals(
                0, Db.count("SELECT count(*) FROM data_key WHERE user_id = ? AND destroyed_at IS NOT NULL", p.alice()));

        release(hold);
        Api.as(admin)
                .body(Map.of("user", p.alice()))
                .post("/v1/admin/keys/destroy")
                .then()
                .statusCode(200);
    }

    @Test
    void retentionSkipsAHeldConversationUntilTheHoldIsReleased() {
        Pair p = Pair.create("ret-held", "friend");
        Duration longAgo = Duration.ofDays(400);
        int oldEpoch = epochOf(Instant.now().minus(longAgo));
        TestClock.advance(longAgo.negated());
        try {
            Chat.send(p.aliceToken(), p.conversation(), "evidence from long ago");
        } finally {
            TestClock.reset();
        }
        String hold = hold("conversation", p.conversation().toString(), null);

        sweep();
        assertEquals(List.of("evidence from long ago"), texts(p));
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM data_key WHERE user_id = ? AND epoch = ? AND destroyed_at IS NULL",
                        p.alice(),
                        oldEpoch),
                "the author's month key is kept while the conversation is held");

        release(hold);
        sweep();
        assertEquals(List.of(), texts(p), "released: retention takes its course");
    }

    @Test
    void governmentRequestsGetTheirCountrysDeadline() {
        Instant received = Instant.parse("2026-11-02T10:00:00Z");
        governmentRequest("IN", "takedown", false, received)
                .body("deadline", equalTo("2026-11-03T22:00:00Z"))
                .body("deadlineSource", containsString("r.3(1)(d)"))
                .body("outcome", equalTo("pending"));
        governmentRequest("ID", "takedown", true, received)
                .body("deadline", equalTo("2026-11-02T14:00:00Z"))
                .body("deadlineSource", containsString("5/2020"));
        governmentRequest("ID", "takedown", false, received).body("deadline", equalTo("2026-11-03T10:00:00Z"));
        governmentRequest("FR", "takedown", false, received)
                .body("deadline", equalTo("2026-11-05T10:00:00Z"))
                .body("deadlineSource", containsString("default"));
    }

    @Test
    void theTransparencyReportCountsTheQuartersRequestsAndHolds() {
        String quarter = "2026-Q3";
        Map<String, Integer> before = reportCounts(quarter);
        Instant inQuarter = Instant.parse("2026-08-15T12:00:00Z");
        String rejected =
                governmentRequest("IN", "takedown", false, inQuarter).extract().path("id");
        governmentRequest("IN", "takedown", false, inQuarter);
        governmentRequest("ID", "data_request", false, inQuarter);
        governmentRequest("IN", "takedown", false, Instant.parse("2026-10-01T00:00:00Z"));
        Api.as(officer)
                .body(Map.of("outcome", "rejected", "note", "No legal basis for a global removal"))
                .patch("/v1/admin/government-requests/" + rejected)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("rejected"))
                .body("decidedAt", org.hamcrest.Matchers.notNullValue());
        Api.as(officer)
                .body(Map.of("outcome", "ignored"))
                .patch("/v1/admin/government-requests/" + rejected)
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_request"));

        Map<String, Integer> after = reportCounts(quarter);
        assertEquals(1, delta(before, after, "IN/takedown/rejected"));
        assertEquals(1, delta(before, after, "IN/takedown/pending"));
        assertEquals(1, delta(before, after, "ID/data_request/pending"));
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM audit_event WHERE action = 'government_request.decided'"
                                + " AND details->>'request' = ?",
                        rejected));

        Api.as(officer)
                .get("/v1/admin/government-requests?limit=2")
                .then()
                .statusCode(200)
                .header("Link", containsString("rel=\"next\""));
        Api.as(officer)
                .queryParam("quarter", "2026-Q5")
                .get("/v1/admin/transparency-report")
                .then()
                .statusCode(400);
    }

    @Test
    void theHoldListIsPagedAndHoldsAreCountedInTheReport() {
        String quarter = quarterOf(Instant.now());
        long placedBefore = Api.as(officer)
                .queryParam("quarter", quarter)
                .get("/v1/admin/transparency-report")
                .then()
                .statusCode(200)
                .extract()
                .<Integer>path("holdsPlaced.user");
        Pair p = Pair.create("listed", "friend");
        String first = hold("user", p.alice(), null);
        String second = hold("user", p.bob(), null);
        String link = Api.as(officer)
                .get("/v1/admin/holds?limit=1")
                .then()
                .statusCode(200)
                .body("[0].id", equalTo(second))
                .extract()
                .header("Link");
        String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        Api.as(officer).get(next).then().statusCode(200).body("[0].id", equalTo(first));
        Api.as(officer)
                .queryParam("quarter", quarter)
                .get("/v1/admin/transparency-report")
                .then()
                .statusCode(200)
                .body("holdsPlaced.user", equalTo((int) placedBefore + 2));
        release(first);
        release(second);
        Api.as(officer).post("/v1/admin/holds/" + first + "/release").then().statusCode(409);
        Api.as(officer)
                .post("/v1/admin/holds/" + UUID.randomUUID() + "/release")
                .then()
                .statusCode(404);
    }

    @Test
    void badHoldsAreRefused() {
        Api.as(officer)
                .body(Map.of("scope", "planet", "authority", "a", "reference", "r", "reason", "x"))
                .post("/v1/admin/holds")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_request"));
        Api.as(officer)
                .body(Map.of(
                        "scope",
                        "user",
                        "subject",
                        "nobody-" + UUID.randomUUID(),
                        "authority",
                        "a",
                        "reference",
                        "r",
                        "reason",
                        "x"))
                .post("/v1/admin/holds")
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown_user"));
        Api.as(officer)
                .body(Map.of(
                        "scope",
                        "conversation",
                        "conversation",
                        UUID.randomUUID().toString(),
                        "authority",
                        "a",
                        "reference",
                        "r",
                        "reason",
                        "x"))
                .post("/v1/admin/holds")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        String user = Tokens.newUserId("past");
        Api.register(user);
        Api.as(officer)
                .body(Map.of(
                        "scope",
                        "user",
                        "subject",
                        user,
                        "authority",
                        "a",
                        "reference",
                        "r",
                        "reason",
                        "x",
                        "expiresAt",
                        "2020-01-01T00:00:00Z"))
                .post("/v1/admin/holds")
                .then()
                .statusCode(422)
                .body("code", equalTo("unprocessable"));
    }

    @Test
    void onlyThePrivacyOfficerReachesHoldsAndRequests() {
        String admin = Tokens.withRoles(Tokens.newUserId("admin"), "admin");
        String user = Api.register(Tokens.newUserId("plain"));
        for (String token : List.of(admin, user)) {
            Api.as(token).get("/v1/admin/holds").then().statusCode(403).body("code", equalTo("forbidden"));
            Api.as(token)
                    .body(Map.of("scope", "user"))
                    .post("/v1/admin/holds")
                    .then()
                    .statusCode(403);
            Api.as(token).get("/v1/admin/government-requests").then().statusCode(403);
            Api.as(token)
                    .queryParam("quarter", "2026-Q4")
                    .get("/v1/admin/transparency-report")
                    .then()
                    .statusCode(403);
        }
        Api.as(officer).get("/v1/admin/holds").then().statusCode(200);
        assertTrue(Db.count("SELECT count(*) FROM audit_event WHERE action = 'hold.list'") >= 1);
    }

    private ValidatableResponse governmentRequest(String country, String type, boolean urgent, Instant received) {
        return Api.as(officer)
                .body(Map.of(
                        "country",
                        country,
                        "authority",
                        "Ministry",
                        "type",
                        type,
                        "urgent",
                        urgent,
                        "legalBasis",
                        "Order under national law",
                        "receivedAt",
                        received.toString()))
                .post("/v1/admin/government-requests")
                .then()
                .statusCode(201)
                .body("country", equalTo(country))
                .body("type", equalTo(type));
    }

    private Map<String, Integer> reportCounts(String quarter) {
        List<Map<String, Object>> counts = Api.as(officer)
                .queryParam("quarter", quarter)
                .get("/v1/admin/transparency-report")
                .then()
                .statusCode(200)
                .body("quarter", equalTo(quarter))
                .extract()
                .path("counts");
        Map<String, Integer> byKey = new HashMap<>();
        counts.forEach(c -> byKey.put(
                c.get("country") + "/" + c.get("type") + "/" + c.get("outcome"), ((Number) c.get("count")).intValue()));
        return byKey;
    }

    private static int delta(Map<String, Integer> before, Map<String, Integer> after, String key) {
        return after.getOrDefault(key, 0) - before.getOrDefault(key, 0);
    }

    private static void sweep() {
        Api.as(Tokens.withRoles(Tokens.newUserId("admin"), "admin"))
                .post("/v1/admin/retention/sweep")
                .then()
                .statusCode(200);
    }

    private static List<String> texts(Pair p) {
        return Chat.history(p.bobToken(), p.conversation()).stream()
                .map(m -> m.path("text").asText())
                .toList();
    }

    private static int epochOf(Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        return utc.getYear() * 100 + utc.getMonthValue();
    }

    private static String quarterOf(Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        return utc.getYear() + "-Q" + ((utc.getMonthValue() - 1) / 3 + 1);
    }
}
