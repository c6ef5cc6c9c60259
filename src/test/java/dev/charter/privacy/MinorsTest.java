package dev.charter.privacy;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.jurisdiction.JurisdictionDirectory;
import dev.charter.jurisdiction.JurisdictionProfile;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.TestClock;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Children and users of unknown age, as their jurisdiction's profile says (its {@code minors} rules). */
@QuarkusTest
class MinorsTest {

    private static final String VERSION = "2026-12-08";

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    @Test
    void whereTheAgeCameFromIsRecorded() {
        String claimed = Tokens.newUserId("claimed");
        call(token(claimed, "DE", null, yearsAgo(30), null));
        assertEquals(List.of("birthdate", "adult"), ageOf(claimed));

        String unknown = Tokens.newUserId("unknown");
        call(token(unknown, "DE", null, null, null));
        assertEquals(List.of("unknown", "unknown"), ageOf(unknown));

        String guardian = Tokens.newUserId("parent");
        String guardianToken = Api.register(guardian);
        String attested = Tokens.newUserId("attested");
        call(token(attested, "IN", null, null, guardian));
        approve(guardianToken, attested, Map.of("evidence", "kyc-1", "birthdate", yearsAgo(11)))
                .statusCode(204);
        assertEquals(List.of("guardian_attestation", "unknown"), ageOf(attested));
        // The attested birthdate counts from then on, even on tokens without one.
        call(token(attested, "IN", null, null, guardian));
        assertEquals(List.of("guardian_attestation", "minor"), ageOf(attested));
        assertEquals(1, Db.count("SELECT count(*) FROM app_user WHERE id = ? AND status = 'active'", attested));
        Api.as(guardianToken)
                .get("/v1/guardians/" + attested + "/export")
                .then()
                .statusCode(200)
                .body("user.ageSource", equalTo("guardian_attestation"))
                .body("user.birthdate", equalTo(yearsAgo(11)));
        approve(guardianToken, attested, Map.of("evidence", "kyc-1", "birthdate", "someday"))
                .statusCode(400);
    }

    @Test
    void aSelfDeclaredAgeCountsForChildrenButNotAsAVerifiedAdult() {
        String german = Tokens.newUserId("de-declared");
        String germanToken = token(german, "DE", null, null, null);
        call(germanToken);
        Api.as(germanToken)
                .body(Map.of("birthdate", yearsAgo(12)))
                .put("/v1/me/age")
                .then()
                .statusCode(200)
                .body("ageSource", equalTo("self_declared"))
                .body("status", equalTo("pending_guardian"));
        assertEquals(List.of("self_declared", "minor"), ageOf(german));
        assertEquals(
                "consent_required",
                send(germanToken, withFriend(germanToken)).path("code").asText());

        String indian = Tokens.newUserId("in-declared");
        String indianToken = token(indian, "IN", null, null, null);
        call(indianToken);
        Api.as(indianToken)
                .body(Map.of("birthdate", yearsAgo(30)))
                .put("/v1/me/age")
                .then()
                .statusCode(200)
                .body("status", equalTo("pending_guardian"));
        call(indianToken);
        assertEquals("pending_guardian", statusOf(indian), "DPDP: a declared adult is not a verified one");
        Api.as(indianToken)
                .body(grant(true))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(403)
                .body("code", equalTo("barred_for_minors"));

        String verified = token(indian, "IN", null, yearsAgo(30), null);
        call(verified);
        assertEquals("active", statusOf(indian));
        Api.as(verified)
                .body(Map.of("birthdate", yearsAgo(12)))
                .put("/v1/me/age")
                .then()
                .statusCode(409);
        Api.as(verified)
                .body(Map.of("birthdate", "soon"))
                .put("/v1/me/age")
                .then()
                .statusCode(400);
    }

    @Test
    void unknownAgeIsPendingWhereTheLawAsksForAVerifiedAge() {
        String indian = Tokens.newUserId("in-unknown");
        String noBirthdate = token(indian, "IN", null, null, null);
        call(noBirthdate);
        assertEquals("pending_guardian", statusOf(indian), "DPDP s. 9: age unknown is not adult");
        UUID conversation = withFriend(noBirthdate);
        assertEquals(
                "consent_required", send(noBirthdate, conversation).path("code").asText());

        String adult = token(indian, "IN", null, yearsAgo(25), null);
        call(adult);
        assertEquals("active", statusOf(indian), "an established adult age lets them in");
        assertEquals("ack", send(adult, conversation).path("type").asText());

        String british = Tokens.newUserId("gb-unknown");
        call(token(british, "GB", null, null, null));
        assertEquals("pending_guardian", statusOf(british), "UK Children's Code standard 3");

        String german = Tokens.newUserId("de-unknown");
        String germanToken = token(german, "DE", null, null, null);
        call(germanToken);
        assertEquals("active", statusOf(german), "GDPR asks for reasonable efforts only");
        assertEquals(
                "ack", send(germanToken, withFriend(germanToken)).path("type").asText());

        String american = Tokens.newUserId("us-unknown");
        call(token(american, "US", null, null, null));
        assertEquals("active", statusOf(american), "COPPA binds only a service directed to children");
    }

    @Test
    void belowTheSecondThresholdOnlyTheGuardianGrantsSaleAndSharing() {
        String guardian = Tokens.newUserId("ca-parent");
        String guardianToken = Api.register(guardian);
        String child = Tokens.newUserId("ca-child");
        String childToken = token(child, "US", "US-CA", yearsAgo(12), guardian);
        call(childToken);
        approve(guardianToken, child, Map.of("evidence", "kyc-2")).statusCode(204);

        Api.as(childToken)
                .body(grant(true))
                .put("/v1/me/consents/sale_or_sharing")
                .then()
                .statusCode(403)
                .body("code", equalTo("guardian_consent_required"));
        Api.as(childToken)
                .body(grant(true))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(200);
        Api.as(guardianToken)
                .body(grant(true))
                .put("/v1/guardians/" + child + "/consents/sale_or_sharing")
                .then()
                .statusCode(200)
                .body("status", equalTo("granted"));
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM consent WHERE user_id = ? AND purpose = 'sale_or_sharing' AND source = 'guardian'",
                        child));
        String stranger = Api.register(Tokens.newUserId("stranger"));
        Api.as(stranger)
                .body(grant(true))
                .put("/v1/guardians/" + child + "/consents/sale_or_sharing")
                .then()
                .statusCode(404);

        // 13 to 15: no parent needed, but sale and sharing stay off until the teen opts in.
        String teen = Tokens.newUserId("ca-teen");
        String teenToken = token(teen, "US", "US-CA", yearsAgo(14), null);
        Api.as(teenToken)
                .get("/v1/me/consents")
                .then()
                .statusCode(200)
                .body("find { it.purpose == 'sale_or_sharing' }.status", equalTo("none"));
        Api.as(teenToken)
                .body(grant(true))
                .put("/v1/me/consents/sale_or_sharing")
                .then()
                .statusCode(200);
    }

    @Test
    void thailandNeedsTheParentForEveryConsentUnderTen() {
        JurisdictionProfile.Minors thai =
                new JurisdictionDirectory().profile("PDPA_TH").orElseThrow().minorsOrNone();
        assertTrue(thai.parentOnly("analytics", 9));
        assertTrue(thai.parentOnly("cross_border_transfer", 9));
        assertFalse(thai.parentOnly("analytics", 10));
        JurisdictionProfile.Minors california =
                new JurisdictionDirectory().profile("CCPA").orElseThrow().minorsOrNone();
        assertEquals(16, california.optInUnder().age());
        assertFalse(california.parentOnly("analytics", 12));
    }

    @Test
    void theGuardianLinkEndsAtTheAgeOfDigitalConsent() {
        String guardian = Tokens.newUserId("de-parent");
        String guardianToken = Api.register(guardian);
        String child = Tokens.newUserId("de-child");
        String childToken = Tokens.claims(child, "DE")
                .claim(
                        "birthdate",
                        LocalDate.now(ZoneOffset.UTC)
                                .minusYears(16)
                                .plusDays(10)
                                .toString())
                .claim("guardian", guardian)
                .sign(Tokens.key());
        call(childToken);
        approve(guardianToken, child, Map.of("evidence", "kyc-3")).statusCode(204);
        Api.as(guardianToken).get("/v1/guardians/" + child + "/export").then().statusCode(200);

        TestClock.advance(Duration.ofDays(11));
        Api.as(guardianToken)
                .get("/v1/guardians/" + child + "/export")
                .then()
                .statusCode(403)
                .body("code", equalTo("guardian_link_ended"));
        Api.as(guardianToken)
                .delete("/v1/guardians/" + child)
                .then()
                .statusCode(403)
                .body("code", equalTo("guardian_link_ended"));
        assertEquals(1, Db.count("SELECT count(*) FROM app_user WHERE id = ? AND status = 'active'", child));
    }

    @Test
    void aGuardianCannotBeTheChild() {
        String child = Tokens.newUserId("self-guardian");
        String selfNamed = token(child, "DE", null, yearsAgo(12), child);
        Api.as(selfNamed).get("/v1/conversations").then().statusCode(403).body("code", equalTo("guardian_is_child"));
        assertEquals(403, WsClient.refusedStatus(WsClient.uri(RestAssured.port), "Bearer " + selfNamed));
        assertEquals(0, Db.count("SELECT count(*) FROM app_user WHERE id = ?", child));
    }

    @Test
    void trackingAndTargetingAreOffForChildrenInIndia() {
        String guardian = Tokens.newUserId("in-parent");
        String guardianToken = Api.register(guardian);
        String child = Tokens.newUserId("in-child");
        String childToken = token(child, "IN", null, yearsAgo(15), guardian);
        call(childToken);
        approve(guardianToken, child, Map.of("evidence", "kyc-4")).statusCode(204);

        for (String purpose : List.of("analytics", "marketing", "ai_features")) {
            Api.as(childToken)
                    .body(grant(true))
                    .put("/v1/me/consents/" + purpose)
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("barred_for_minors"));
            Api.as(guardianToken)
                    .body(grant(true))
                    .put("/v1/guardians/" + child + "/consents/" + purpose)
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("barred_for_minors"));
        }
        Api.as(childToken)
                .body(grant(false))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(200);
        Api.as(childToken)
                .body(grant(true))
                .put("/v1/me/consents/cross_border_transfer")
                .then()
                .statusCode(200);

        // A grant on record (from before these rules) counts as absent for a child, not for an adult.
        String adult = Tokens.newUserId("in-adult");
        String adultToken = token(adult, "IN", null, yearsAgo(30), null);
        call(adultToken);
        for (String user : List.of(child, adult)) {
            Db.execute(
                    "INSERT INTO consent (user_id, purpose, status, policy_version, locale, at, source)"
                            + " VALUES (?, 'analytics', 'granted', ?, 'en-US', now(), 'api')",
                    user,
                    VERSION);
        }
        assertTrue(missingConsents(childToken).contains("analytics"));
        assertFalse(missingConsents(adultToken).contains("analytics"));
        Api.as(childToken)
                .get("/v1/me/consents")
                .then()
                .body("purpose", hasItem("analytics"))
                .body("findAll { it.purpose == 'cross_border_transfer' }.status", not(hasItem("none")));
    }

    private static List<String> missingConsents(String token) {
        try (WsClient ws = WsClient.connect(RestAssured.port, token)) {
            List<String> missing = new ArrayList<>();
            ws.awaitType("welcome").path("missingConsents").forEach(p -> missing.add(p.asText()));
            return missing;
        }
    }

    private static String token(String sub, String country, String subdivision, String birthdate, String guardian) {
        JwtClaimsBuilder claims = Tokens.claims(sub, country);
        if (subdivision != null) {
            claims.claim("subdivision", subdivision);
        }
        if (birthdate != null) {
            claims.claim("birthdate", birthdate);
        }
        if (guardian != null) {
            claims.claim("guardian", guardian);
        }
        return claims.sign(Tokens.key());
    }

    private static void call(String token) {
        Api.as(token).get("/v1/conversations").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse approve(
            String guardianToken, String child, Map<String, String> body) {
        return Api.as(guardianToken)
                .body(body)
                .post("/v1/guardians/" + child + "/approve")
                .then();
    }

    private static Map<String, Object> grant(boolean granted) {
        return Map.of("granted", granted, "policyVersion", VERSION, "locale", "en-US");
    }

    private static String yearsAgo(int years) {
        return LocalDate.now(ZoneOffset.UTC).minusYears(years).minusDays(1).toString();
    }

    private static List<String> ageOf(String user) {
        List<Object> row = Db.rows("SELECT age_source, age_band FROM app_user WHERE id = ?", user)
                .get(0);
        return List.of(String.valueOf(row.get(0)), String.valueOf(row.get(1)));
    }

    private static String statusOf(String user) {
        return String.valueOf(
                Db.rows("SELECT status FROM app_user WHERE id = ?", user).get(0).get(0));
    }

    private static UUID withFriend(String token) {
        String friend = Tokens.newUserId("friend");
        Api.register(friend);
        return Api.direct(token, friend);
    }

    private static JsonNode send(String token, UUID conversation) {
        String ref = "r-" + UUID.randomUUID();
        try (WsClient ws = WsClient.connect(RestAssured.port, token)) {
            ws.awaitType("welcome");
            ws.send(WsClient.frame("send", ref)
                    .put("conversation", conversation.toString())
                    .put("clientMsgId", UUID.randomUUID().toString())
                    .put("text", "hello"));
            return ws.awaitRef(ref);
        }
    }
}
