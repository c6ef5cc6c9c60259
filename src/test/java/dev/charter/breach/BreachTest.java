package dev.charter.breach;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.TestClock;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class BreachTest {

    private static final String ADMIN = Tokens.withRoles(Tokens.newUserId("breach-admin"), "admin");
    private static final String OFFICER = Tokens.withRoles(Tokens.newUserId("breach-officer"), "privacy-officer");

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    /** Registers a user by their first call, with a country and optional subdivision. */
    private static String user(String name, String country, String subdivision) {
        String sub = Tokens.newUserId(name);
        var claims = Tokens.claims(sub, country);
        if (subdivision != null) {
            claims.claim("subdivision", subdivision);
        }
        Api.as(claims.sign(Tokens.key())).get("/v1/conversations").then().statusCode(200);
        return sub;
    }

    private static Map<String, Object> named(Instant detectedAt, List<String> users) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Backup bucket left public");
        body.put("description", "An object-store backup was readable without credentials.");
        body.put("detectedAt", detectedAt.toString());
        body.put("occurredAt", detectedAt.minus(Duration.ofDays(2)).toString());
        body.put("dataCategories", List.of("messages", "profile"));
        body.put("affectedUsers", users);
        return body;
    }

    private static JsonPath record(Map<String, Object> body) {
        return Api.as(ADMIN)
                .body(body)
                .post("/v1/admin/breaches")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private static String jurisdiction(String name) {
        return "jurisdictions.find { it.jurisdiction == '" + name + "' }";
    }

    @Test
    void deadlinePerJurisdictionFromItsProfile() {
        String german = user("de", "DE", null);
        String californian = user("ca", "US", "US-CA");
        String singaporean = user("sg", "SG", null);
        String japanese = user("jp", "JP", null);
        Instant detected = TestClock.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

        JsonPath breach = record(named(detected, List.of(german, californian, singaporean, japanese)));
        assertEquals(4, breach.getInt("affectedCount"));
        assertEquals(List.of("messages", "profile"), breach.getList("dataCategories"));
        assertFalse(breach.getBoolean("overdue"));

        String gdpr = jurisdiction("GDPR");
        assertEquals(detected.plus(Duration.ofHours(72)).toString(), breach.getString(gdpr + ".deadline"));
        assertEquals("within_hours", breach.getString(gdpr + ".rule"));
        assertEquals(72, breach.getInt(gdpr + ".windowHours"));
        assertEquals("GDPR Art. 33(1)", breach.getString(gdpr + ".source"));
        assertEquals(List.of(german), breach.getList(gdpr + ".users"));
        assertFalse(breach.getBoolean(gdpr + ".usersTruncated"));
        long left = breach.getLong(gdpr + ".timeLeftSeconds");
        assertTrue(
                left > Duration.ofHours(70).toSeconds()
                        && left <= Duration.ofHours(71).toSeconds(),
                "" + left);

        String ccpa = jurisdiction("CCPA");
        assertNull(breach.get(ccpa + ".deadline"), "CCPA names no hours: no deadline is made up");
        assertNull(breach.get(ccpa + ".timeLeftSeconds"));
        assertEquals("without_undue_delay", breach.getString(ccpa + ".rule"));
        assertTrue(breach.getString(ccpa + ".source").contains("1798.82"));
        assertFalse(breach.getBoolean(ccpa + ".overdue"));
        assertEquals(List.of(californian), breach.getList(ccpa + ".users"));

        assertEquals(
                detected.plus(Duration.ofHours(72)).toString(),
                breach.getString(jurisdiction("PDPA_SG") + ".deadline"));
        assertEquals(
                detected.plus(Duration.ofHours(720)).toString(), breach.getString(jurisdiction("APPI") + ".deadline"));
        assertEquals(1, breach.getInt(jurisdiction("APPI") + ".affectedCount"));

        assertEquals(4, Db.count("SELECT count(*) FROM breach_user WHERE breach_id = ?::uuid", breach.getString("id")));
        assertEquals(
                "CCPA",
                Db.rows("SELECT jurisdiction FROM breach_user WHERE user_id = ?", californian)
                        .get(0)
                        .get(0));
    }

    @Test
    void timeLeftShrinksAsTimePassesUntilOverdue() {
        String german = user("de", "DE", null);
        String id = record(named(TestClock.now(), List.of(german))).getString("id");
        long before = Api.as(OFFICER)
                .get("/v1/admin/breaches/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong(jurisdiction("GDPR") + ".timeLeftSeconds");

        TestClock.advance(Duration.ofHours(10));
        long after = Api.as(OFFICER)
                .get("/v1/admin/breaches/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong(jurisdiction("GDPR") + ".timeLeftSeconds");
        long shrunk = before - after;
        assertTrue(
                shrunk >= Duration.ofHours(10).toSeconds()
                        && shrunk < Duration.ofHours(10).toSeconds() + 60,
                before + " -> " + after);
        Api.as(OFFICER)
                .get("/v1/admin/breaches?overdue=true")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(id)));

        TestClock.advance(Duration.ofHours(63));
        Api.as(OFFICER)
                .get("/v1/admin/breaches/" + id)
                .then()
                .statusCode(200)
                .body("overdue", equalTo(true))
                .body(jurisdiction("GDPR") + ".overdue", equalTo(true))
                .body(jurisdiction("GDPR") + ".timeLeftSeconds", org.hamcrest.Matchers.lessThan(0));
        Api.as(OFFICER)
                .get("/v1/admin/breaches?overdue=true")
                .then()
                .statusCode(200)
                .body("id", hasItem(id));
    }

    private static String clock(String jurisdiction, String id) {
        return jurisdiction(jurisdiction) + ".clocks.find { it.id == '" + id + "' }";
    }

    private static JsonPath notice(String breach, String jurisdiction, String clock, Instant at) {
        return Api.as(OFFICER)
                .body(Map.of("jurisdiction", jurisdiction, "clock", clock, "notifiedAt", at.toString()))
                .post("/v1/admin/breaches/" + breach + "/notifications")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void everyNotificationDutyRunsOnItsOwnClock() {
        String californian = user("ca", "US", "US-CA");
        String brazilian = user("br", "BR", null);
        String indian = user("in", "IN", null);
        Instant friday = Instant.parse("2026-12-04T10:00:00Z");
        TestClock.advance(Duration.between(TestClock.now(), Instant.parse("2026-12-07T12:00:00Z")));
        JsonPath b = record(named(friday, List.of(californian, brazilian, indian)));
        String id = b.getString("id");

        // LGPD: three business days, over the weekend.
        assertEquals("2026-12-09T10:00:00Z", b.getString(clock("LGPD", "regulator") + ".deadline"));
        assertEquals("business_days", b.getString(clock("LGPD", "regulator") + ".unit"));
        // DPDP: CERT-In's 6 hours are long gone, the Board's detailed report was due this morning, the intimation
        // "without delay" has no computable deadline.
        assertEquals("2026-12-04T16:00:00Z", b.getString(clock("DPDP", "cert") + ".deadline"));
        assertTrue(b.getBoolean(clock("DPDP", "cert") + ".overdue"));
        assertEquals("2026-12-07T10:00:00Z", b.getString(clock("DPDP", "board_report") + ".deadline"));
        assertTrue(b.getBoolean(clock("DPDP", "board_report") + ".overdue"));
        assertNull(b.getString(clock("DPDP", "regulator") + ".deadline"));
        assertFalse(b.getBoolean(clock("DPDP", "regulator") + ".overdue"));
        // California: residents within 30 days; the Attorney General's sample only above 500 residents, and
        // only once the residents were told.
        assertEquals("2027-01-03T10:00:00Z", b.getString(clock("CCPA", "individuals") + ".deadline"));
        assertFalse(b.getBoolean(clock("CCPA", "attorney_general") + ".applies"));
        assertNull(b.getString(clock("CCPA", "attorney_general") + ".startsAt"));
        assertTrue(b.getString(clock("CCPA", "attorney_general") + ".source").contains("1798.82"));

        JsonPath told = notice(id, "CCPA", "individuals", Instant.parse("2026-12-05T10:00:00Z"));
        assertTrue(told.getBoolean(clock("CCPA", "individuals") + ".met"));
        assertEquals("2026-12-05T10:00:00Z", told.getString(clock("CCPA", "attorney_general") + ".startsAt"));
        assertEquals("2026-12-20T10:00:00Z", told.getString(clock("CCPA", "attorney_general") + ".deadline"));

        JsonPath late = notice(id, "DPDP", "cert", Instant.parse("2026-12-07T11:00:00Z"));
        assertFalse(late.getBoolean(clock("DPDP", "cert") + ".met"));
        assertFalse(late.getBoolean(clock("DPDP", "cert") + ".overdue"));
        assertEquals("2026-12-07T11:00:00Z", late.getString(clock("DPDP", "cert") + ".notifiedAt"));

        // The regulator clock is the jurisdiction's own notification.
        JsonPath regulator = notice(id, "LGPD", "regulator", Instant.parse("2026-12-07T09:00:00Z"));
        assertTrue(regulator.getBoolean(jurisdiction("LGPD") + ".notified"));
        assertTrue(regulator.getBoolean(clock("LGPD", "regulator") + ".met"));

        Api.as(OFFICER)
                .body(Map.of("jurisdiction", "DPDP", "clock", "cert"))
                .post("/v1/admin/breaches/" + id + "/notifications")
                .then()
                .statusCode(409)
                .body("code", equalTo("conflict"));
        Api.as(OFFICER)
                .body(Map.of("jurisdiction", "DPDP", "clock", "attorney_general"))
                .post("/v1/admin/breaches/" + id + "/notifications")
                .then()
                .statusCode(422)
                .body("code", equalTo("unprocessable"));
    }

    @Test
    void overdueUntilTheRegulatorIsNotified() {
        String german = user("de", "DE", null);
        String californian = user("ca", "US", "US-CA");
        Instant detected = TestClock.now().minus(Duration.ofHours(1));
        String fresh = record(named(detected, List.of(german))).getString("id");
        Api.as(OFFICER)
                .get("/v1/admin/breaches?overdue=true")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(fresh)));

        detected = TestClock.now().minus(Duration.ofHours(73));
        String id = record(named(detected, List.of(german, californian))).getString("id");
        Api.as(OFFICER)
                .get("/v1/admin/breaches")
                .then()
                .statusCode(200)
                .body("id", hasItem(id))
                .body("find { it.id == '" + id + "' }.jurisdictions[0].users", nullValue());
        JsonPath late = Api.as(OFFICER)
                .get("/v1/admin/breaches/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(late.getBoolean("overdue"));
        assertTrue(late.getBoolean(jurisdiction("GDPR") + ".overdue"));
        assertTrue(late.getLong(jurisdiction("GDPR") + ".timeLeftSeconds") < 0);
        assertFalse(late.getBoolean(jurisdiction("CCPA") + ".overdue"), "no fixed window, never overdue");
        Api.as(OFFICER)
                .get("/v1/admin/breaches?overdue=true")
                .then()
                .statusCode(200)
                .body("id", hasItem(id));

        Instant notifiedAt = TestClock.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        Api.as(OFFICER)
                .body(Map.of(
                        "jurisdiction", "GDPR", "notifiedAt", notifiedAt.toString(), "reference", "BfDI-2026-0042"))
                .post("/v1/admin/breaches/" + id + "/notifications")
                .then()
                .statusCode(200)
                .body("overdue", equalTo(false))
                .body(jurisdiction("GDPR") + ".overdue", equalTo(false))
                .body(jurisdiction("GDPR") + ".notified", equalTo(true))
                .body(jurisdiction("GDPR") + ".notifiedAt", equalTo(notifiedAt.toString()))
                .body(jurisdiction("GDPR") + ".reference", equalTo("BfDI-2026-0042"))
                .body(jurisdiction("CCPA") + ".notified", equalTo(false));
        Api.as(OFFICER)
                .get("/v1/admin/breaches?overdue=true")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(id)));

        Api.as(ADMIN)
                .body(Map.of("jurisdiction", "GDPR"))
                .post("/v1/admin/breaches/" + id + "/notifications")
                .then()
                .statusCode(409)
                .body("code", equalTo("conflict"));
        Api.as(ADMIN)
                .body(Map.of("jurisdiction", "APPI"))
                .post("/v1/admin/breaches/" + id + "/notifications")
                .then()
                .statusCode(422)
                .body("code", equalTo("unprocessable"));
        Api.as(ADMIN)
                .body(Map.of(
                        "jurisdiction",
                        "CCPA",
                        "notifiedAt",
                        detected.minusSeconds(60).toString()))
                .post("/v1/admin/breaches/" + id + "/notifications")
                .then()
                .statusCode(422)
                .body("code", equalTo("unprocessable"));
        Api.as(ADMIN)
                .body(Map.of("notifiedAt", TestClock.now().toString()))
                .post("/v1/admin/breaches/" + id + "/notifications")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_request"));
    }

    @Test
    void affectedUsersResolvedFromAQuery() throws Exception {
        String before = user("sg-early", "SG", null);
        String californian = user("ca", "US", "US-CA");
        Thread.sleep(50);
        Instant cutoff = Instant.now();
        Thread.sleep(50);
        String after = user("sg-late", "SG", null);
        String german = user("de", "DE", null);

        Map<String, Object> body = named(TestClock.now(), List.of());
        body.remove("affectedUsers");
        body.put(
                "affected",
                Map.of("countries", List.of("SG"), "jurisdictions", List.of("CCPA"), "activeTo", cutoff.toString()));
        JsonPath breach = record(body);
        List<String> singapore = breach.getList(jurisdiction("PDPA_SG") + ".users");
        List<String> california = breach.getList(jurisdiction("CCPA") + ".users");
        assertTrue(singapore.contains(before), singapore.toString());
        assertFalse(singapore.contains(after), "created after activeTo");
        assertTrue(california.contains(californian), california.toString());
        assertFalse(breach.getList("jurisdictions.users.flatten()").contains(german), "neither SG nor CCPA");
        assertEquals(List.of("SG"), breach.getList("affected.countries"));
        assertEquals(cutoff.toString(), breach.getString("affected.activeTo"));
    }

    @Test
    void erasedUsersAreCountedNeverNamed() {
        String erasedFirst = Tokens.newUserId("gone");
        String token = Api.register(erasedFirst);
        Api.as(token)
                .body(Map.of("type", "erasure"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202);
        String erasedLater = user("leaving", "DE", null);
        String staying = user("stays", "DE", null);

        JsonPath breach = record(named(TestClock.now(), List.of(erasedFirst, erasedLater, staying)));
        String id = breach.getString("id");
        assertEquals(3, breach.getInt(jurisdiction("GDPR") + ".affectedCount"));
        assertEquals(1, breach.getInt(jurisdiction("GDPR") + ".erasedCount"));
        assertFalse(breach.getList(jurisdiction("GDPR") + ".users").contains(erasedFirst));
        assertEquals(0, Db.count("SELECT count(*) FROM breach_user WHERE user_id = ?", erasedFirst));

        Api.as(Tokens.user(erasedLater))
                .body(Map.of("type", "erasure"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202);
        Api.as(OFFICER)
                .get("/v1/admin/breaches/" + id)
                .then()
                .statusCode(200)
                .body(jurisdiction("GDPR") + ".affectedCount", equalTo(3))
                .body(jurisdiction("GDPR") + ".erasedCount", equalTo(2))
                .body(jurisdiction("GDPR") + ".users", equalTo(List.of(staying)));
    }

    @Test
    void onlyAdminsRecordAndOnlyAdminsAndOfficersRead() {
        String german = user("de", "DE", null);
        String id = record(named(TestClock.now(), List.of(german))).getString("id");
        for (String token : List.of(
                Tokens.user(Tokens.newUserId("plain")), Tokens.withRoles(Tokens.newUserId("mod"), "moderator"))) {
            Api.as(token).get("/v1/admin/breaches").then().statusCode(403).body("code", equalTo("forbidden"));
            Api.as(token).get("/v1/admin/breaches/" + id).then().statusCode(403);
            Api.as(token)
                    .body(named(TestClock.now(), List.of(german)))
                    .post("/v1/admin/breaches")
                    .then()
                    .statusCode(403)
                    .contentType(containsString("application/problem+json"));
            Api.as(token)
                    .body(Map.of("jurisdiction", "GDPR"))
                    .post("/v1/admin/breaches/" + id + "/notifications")
                    .then()
                    .statusCode(403);
        }
        Api.as(OFFICER)
                .body(named(TestClock.now(), List.of(german)))
                .post("/v1/admin/breaches")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        Api.as(ADMIN).get("/v1/admin/breaches/" + id).then().statusCode(200).body("id", equalTo(id));
        RestAssured.given().get("/v1/admin/breaches").then().statusCode(401);
    }

    @Test
    void aRecordedBreachReadsBackAsRecorded() {
        // The answer to POST is built in the session that stored the breach; GET and the list read it back
        // from the database, through every mapped column (the query as jsonb, the categories as text[]).
        String singaporean = user("sg", "SG", null);
        Map<String, Object> body = named(TestClock.now(), List.of());
        body.remove("affectedUsers");
        body.put(
                "affected",
                Map.of(
                        "countries",
                        List.of("SG"),
                        "jurisdictions",
                        List.of("CCPA"),
                        "activeTo",
                        Instant.now().toString()));
        JsonPath recorded = record(body);
        String id = recorded.getString("id");
        JsonPath read = Api.as(OFFICER)
                .get("/v1/admin/breaches/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (String field : List.of(
                "title",
                "description",
                "detectedAt",
                "occurredAt",
                "dataCategories",
                "affected",
                "recordedBy",
                "recordedAt",
                "affectedCount",
                "erasedCount",
                "jurisdictions.jurisdiction",
                "jurisdictions.deadline",
                "jurisdictions.source",
                "jurisdictions.users")) {
            assertEquals((Object) recorded.get(field), read.get(field), field);
        }
        assertTrue(read.getList(jurisdiction("PDPA_SG") + ".users").contains(singaporean));
        assertNull(read.get("affected.activeFrom"));
        Api.as(OFFICER)
                .get("/v1/admin/breaches")
                .then()
                .statusCode(200)
                .body("find { it.id == '" + id + "' }.affected.countries", equalTo(List.of("SG")))
                .body("find { it.id == '" + id + "' }.dataCategories", equalTo(List.of("messages", "profile")));
    }

    @Test
    void concurrentNotificationsOfOneJurisdictionRecordOnlyOne() throws Exception {
        String german = user("de", "DE", null);
        String id = record(named(TestClock.now().minus(Duration.ofHours(2)), List.of(german)))
                .getString("id");
        int attempts = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(attempts);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String reference = "ref-" + i;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return Api.as(OFFICER)
                            .body(Map.of("jurisdiction", "GDPR", "reference", reference))
                            .post("/v1/admin/breaches/" + id + "/notifications")
                            .then()
                            .extract()
                            .statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new java.util.ArrayList<>();
            for (var status : statuses) {
                codes.add(status.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(1, codes.stream().filter(c -> c == 200).count(), codes.toString());
            assertEquals(attempts - 1, codes.stream().filter(c -> c == 409).count(), codes.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM audit_event WHERE action = 'breach.notified' "
                                + "AND details->>'breach' = ?",
                        id));
    }

    @Test
    void unknownBreachIsNotFound() {
        String unknown = java.util.UUID.randomUUID().toString();
        Api.as(OFFICER)
                .get("/v1/admin/breaches/" + unknown)
                .then()
                .statusCode(404)
                .contentType(containsString("application/problem+json"))
                .body("code", equalTo("not_found"));
        Api.as(ADMIN)
                .body(Map.of("jurisdiction", "GDPR"))
                .post("/v1/admin/breaches/" + unknown + "/notifications")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        Api.as(OFFICER)
                .get("/v1/admin/breaches/not-a-uuid")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
    }

    private static void refused(Map<String, Object> body, int status, String code) {
        Api.as(ADMIN)
                .body(body)
                .post("/v1/admin/breaches")
                .then()
                .statusCode(status)
                .contentType(containsString("application/problem+json"))
                .body("code", equalTo(code));
    }

    @Test
    void invalidBodiesAreRefused() {
        String german = user("de", "DE", null);
        Instant now = TestClock.now();
        long before = Db.count("SELECT count(*) FROM breach");

        Map<String, Object> noTitle = named(now, List.of(german));
        noTitle.remove("title");
        refused(noTitle, 400, "invalid_request");
        Map<String, Object> badTime = named(now, List.of(german));
        badTime.put("detectedAt", "yesterday");
        refused(badTime, 400, "invalid_request");
        Map<String, Object> both = named(now, List.of(german));
        both.put("affected", Map.of("countries", List.of("DE")));
        refused(both, 400, "invalid_request");
        Map<String, Object> neither = named(now, List.of(german));
        neither.remove("affectedUsers");
        refused(neither, 400, "invalid_request");
        refused(named(now, List.of()), 400, "invalid_request");
        Map<String, Object> noCategories = named(now, List.of(german));
        noCategories.put("dataCategories", List.of());
        refused(noCategories, 400, "invalid_request");

        refused(named(now.plus(Duration.ofHours(1)), List.of(german)), 422, "unprocessable");
        Map<String, Object> unknownCategory = named(now, List.of(german));
        unknownCategory.put("dataCategories", List.of("horoscopes"));
        refused(unknownCategory, 422, "unprocessable");
        Map<String, Object> occurredLater = named(now, List.of(german));
        occurredLater.put("occurredAt", now.plusSeconds(30).toString());
        occurredLater.put("detectedAt", now.minusSeconds(30).toString());
        refused(occurredLater, 422, "unprocessable");
        Map<String, Object> unknownLaw = named(now, List.of());
        unknownLaw.remove("affectedUsers");
        unknownLaw.put("affected", Map.of("jurisdictions", List.of("NARNIA")));
        refused(unknownLaw, 422, "unprocessable");
        Map<String, Object> nobody = named(now, List.of());
        nobody.remove("affectedUsers");
        nobody.put("affected", Map.of("countries", List.of("ZZ")));
        refused(nobody, 422, "unprocessable");

        String stranger = Tokens.newUserId("never-called");
        Api.as(ADMIN)
                .body(named(now, List.of(german, stranger)))
                .post("/v1/admin/breaches")
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown_user"))
                .body("users", equalTo(List.of(stranger)));
        Api.as(ADMIN)
                .contentType("application/json")
                .body("{\"title\":")
                .post("/v1/admin/breaches")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_request"));
        assertEquals(before, Db.count("SELECT count(*) FROM breach"), "nothing recorded");
    }

    @Test
    void recordingReadingAndNotifyingAreAudited() {
        String german = user("de", "DE", null);
        String adminId =
                "breach-admin-audit-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String admin = Tokens.withRoles(adminId, "admin");
        String officerId =
                "breach-officer-audit-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String officer = Tokens.withRoles(officerId, "privacy-officer");

        String id = Api.as(admin)
                .body(named(TestClock.now(), List.of(german)))
                .post("/v1/admin/breaches")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals(1, audited(adminId, "breach.recorded", null, id));
        assertEquals(1, audited(adminId, "breach.user_affected", german, id));

        Api.as(officer).get("/v1/admin/breaches/" + id).then().statusCode(200);
        assertEquals(1, audited(officerId, "breach.read", null, id));
        assertEquals(
                1,
                audited(officerId, "breach.user_listed", german, id),
                "naming the user to the officer is an access by someone else");
        // ... and so it is in the user's own export, among accesses by others.
        String germanToken = Tokens.user(german);
        String request = Api.as(germanToken)
                .body(Map.of("type", "access"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Api.as(germanToken)
                .get("/v1/me/requests/" + request + "/export")
                .then()
                .statusCode(200)
                .body("accessLog.findAll { it.actor == '" + officerId + "' }.action", hasItem("breach.user_listed"));

        Api.as(officer).get("/v1/admin/breaches").then().statusCode(200);
        assertEquals(
                1, Db.count("SELECT count(*) FROM audit_event WHERE actor = ? AND action = 'breach.list'", officerId));

        Api.as(officer)
                .body(Map.of("jurisdiction", "GDPR", "reference", "case-7"))
                .post("/v1/admin/breaches/" + id + "/notifications")
                .then()
                .statusCode(200);
        assertEquals(1, audited(officerId, "breach.notified", null, id));
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM audit_event WHERE actor = ? AND action = 'breach.notified'"
                                + " AND details->>'jurisdiction' = 'GDPR' AND details->>'reference' = 'case-7'",
                        officerId));
    }

    private static long audited(String actor, String action, String subject, String breach) {
        return Db.count(
                "SELECT count(*) FROM audit_event WHERE actor = ? AND action = ? AND subject IS NOT DISTINCT "
                        + "FROM ? AND details->>'breach' = ?",
                actor,
                action,
                subject,
                breach);
    }
}
