package dev.charter.privacy;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class PrivacyTest {

    private static final String VERSION = "2026-12-08";

    private static Map<String, Object> grant(boolean granted, String version, String locale) {
        return Map.of("granted", granted, "policyVersion", version, "locale", locale);
    }

    @Test
    void policyIsServedPerLocaleWithoutAuthentication() {
        RestAssured.given()
                .get("/v1/privacy/policy?locale=de-DE")
                .then()
                .statusCode(200)
                .body("version", equalTo(VERSION))
                .body("locale", equalTo("de-DE"))
                .body("text", org.hamcrest.Matchers.containsString("Datenschutzerklärung"))
                .body(
                        "purposes.id",
                        hasItems("messaging", "analytics", "marketing", "ai_features", "cross_border_transfer"))
                .body("purposes.find { it.id == 'messaging' }.legalBasis", equalTo("contract"));
    }

    @Test
    void consentIsOptInOnlyAndKeepsItsHistory() {
        String sub = Tokens.newUserId("consenter");
        String token = Api.register(sub);
        Api.as(token)
                .get("/v1/me/consents")
                .then()
                .statusCode(200)
                .body("", hasSize(6))
                .body("find { it.purpose == 'messaging' }.status", equalTo("granted"))
                .body("find { it.purpose == 'analytics' }.status", equalTo("none"))
                .body("find { it.purpose == 'marketing' }.status", equalTo("none"));

        Api.as(token)
                .body(grant(true, VERSION, "de-DE"))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(200)
                .body("purpose", equalTo("analytics"))
                .body("status", equalTo("granted"))
                .body("policyVersion", equalTo(VERSION))
                .body("locale", equalTo("de-DE"))
                .body("at", notNullValue());
        Api.as(token)
                .body(grant(false, VERSION, "de-DE"))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(200)
                .body("status", equalTo("withdrawn"));
        Api.as(token)
                .get("/v1/me/consents")
                .then()
                .body("find { it.purpose == 'analytics' }.status", equalTo("withdrawn"));
        assertEquals(2, Db.count("SELECT count(*) FROM consent WHERE user_id = ?", sub), "full history kept");
    }

    @Test
    void consentRefusals() {
        String token = Api.register(Tokens.newUserId("refused"));
        Api.as(token)
                .body(grant(true, VERSION, "en-US"))
                .put("/v1/me/consents/telepathy")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        Api.as(token)
                .body(grant(true, "2020-01-01", "en-US"))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(409)
                .body("code", equalTo("stale_policy_version"));
        Api.as(token)
                .body(grant(false, VERSION, "en-US"))
                .put("/v1/me/consents/messaging")
                .then()
                .statusCode(422)
                .body("code", equalTo("unprocessable"));
        Api.as(token)
                .body(grant(true, VERSION, "xx-XX"))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(422)
                .body("code", equalTo("unprocessable"));
        Api.as(token)
                .body(Map.of("granted", true))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_request"));
    }

    @Test
    void welcomeListsOnlyConsentsNotGranted() {
        String sub = Tokens.newUserId("welcomed");
        String token = Api.register(sub);
        Api.as(token)
                .body(grant(true, VERSION, "en-US"))
                .put("/v1/me/consents/marketing")
                .then()
                .statusCode(200);
        try (WsClient ws = WsClient.connect(RestAssured.port, token)) {
            List<String> missing = new ArrayList<>();
            ws.awaitType("welcome").path("missingConsents").forEach(n -> missing.add(n.asText()));
            assertTrue(missing.contains("analytics"), missing.toString());
            assertFalse(missing.contains("marketing"), missing.toString());
        }
    }

    private static UUID conversationWithFriend(String token) {
        String friend = Tokens.newUserId("friend");
        Api.register(friend);
        return Api.direct(token, friend);
    }

    private static JsonNode sendOne(String token, UUID conversation, String ref) {
        try (WsClient ws = WsClient.connect(RestAssured.port, token)) {
            ws.awaitType("welcome");
            ws.send(WsClient.frame("send", ref)
                    .put("conversation", conversation.toString())
                    .put("clientMsgId", UUID.randomUUID().toString())
                    .put("text", "hello"));
            return ws.awaitRef(ref);
        }
    }

    @Test
    void analyticsAreRecordedOnlyForUsersWhoGrantedThem() throws Exception {
        String silent = Tokens.newUserId("silent");
        String silentToken = Api.register(silent);
        String counted = Tokens.newUserId("counted");
        String countedToken = Api.register(counted);
        Api.as(countedToken)
                .body(grant(true, VERSION, "en-US"))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(200);

        assertEquals(
                "ack",
                sendOne(silentToken, conversationWithFriend(silentToken), "s")
                        .path("type")
                        .asText());
        assertEquals(
                "ack",
                sendOne(countedToken, conversationWithFriend(countedToken), "c")
                        .path("type")
                        .asText());
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> Db.count("SELECT count(*) FROM analytics_event WHERE user_id = ?", counted) == 1);
        Thread.sleep(300);
        assertEquals(0, Db.count("SELECT count(*) FROM analytics_event WHERE user_id = ?", silent));
    }

    @Test
    void rightsRequestsGetTheirJurisdictionsDeadline() {
        String token = Api.register(Tokens.newUserId("gdpr-subject"));
        String id = Api.as(token)
                .body(Map.of("type", "access", "details", Map.of()))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .body("type", equalTo("access"))
                .body("status", equalTo("completed"))
                .body("jurisdiction", equalTo("GDPR"))
                .extract()
                .path("id");
        var body = Api.as(token)
                .get("/v1/me/requests/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Instant received = Instant.parse(body.getString("receivedAt"));
        assertEquals(received.atZone(ZoneOffset.UTC).plusMonths(1).toInstant(), Instant.parse(body.getString("dueAt")));
        Api.as(token).get("/v1/me/requests").then().body("id", hasItem(id));

        String californian = Tokens.newUserId("ca-consumer");
        String caToken =
                Tokens.claims(californian, "US").claim("subdivision", "US-CA").sign(Tokens.key());
        var ca = Api.as(caToken)
                .body(Map.of("type", "portability"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .body("jurisdiction", equalTo("CCPA"))
                .extract()
                .jsonPath();
        assertEquals(
                Instant.parse(ca.getString("receivedAt")).plus(Duration.ofDays(45)),
                Instant.parse(ca.getString("dueAt")));

        Api.as(caToken).get("/v1/me/requests/" + id).then().statusCode(404).body("code", equalTo("not_found"));
        Api.as(token)
                .body(Map.of("type", "telekinesis"))
                .post("/v1/me/requests")
                .then()
                .statusCode(400);
    }

    @Test
    void privacyOfficerSeesOverdueRequestsAndExtendsOnce() {
        String subject = Tokens.newUserId("late");
        String token = Api.register(subject);
        String id = Api.as(token)
                .body(Map.of("type", "rectification", "details", Map.of("field", "name")))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String officer = Tokens.withRoles(Tokens.newUserId("dpo"), "privacy-officer");
        Api.as(token).get("/v1/admin/requests").then().statusCode(403).body("code", equalTo("forbidden"));

        Api.as(officer)
                .get("/v1/admin/requests?status=open&overdue=true")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(id)));
        Db.execute(
                "UPDATE privacy_request SET received_at = now() - interval '40 days', "
                        + "due_at = now() - interval '9 days' WHERE id = ?",
                UUID.fromString(id));
        Api.as(officer)
                .get("/v1/admin/requests?status=open&overdue=true")
                .then()
                .statusCode(200)
                .body("id", hasItem(id))
                .body("find { it.id == '" + id + "' }.overdue", equalTo(true))
                .body("find { it.id == '" + id + "' }.user", equalTo(subject));

        Api.as(officer)
                .body(Map.of())
                .post("/v1/admin/requests/" + id + "/extend")
                .then()
                .statusCode(400);
        var extended = Api.as(officer)
                .body(Map.of("reason", "complex request"))
                .post("/v1/admin/requests/" + id + "/extend")
                .then()
                .statusCode(200)
                .body("extensionReason", equalTo("complex request"))
                .extract()
                .jsonPath();
        assertEquals(
                Instant.parse(extended.getString("dueAt"))
                        .atZone(ZoneOffset.UTC)
                        .plusMonths(2)
                        .toInstant(),
                Instant.parse(extended.getString("extendedUntil")));
        Api.as(officer)
                .body(Map.of("reason", "again"))
                .post("/v1/admin/requests/" + id + "/extend")
                .then()
                .statusCode(409)
                .body("code", equalTo("conflict"));
        Api.as(token).get("/v1/me/requests/" + id).then().body("extendedUntil", notNullValue());
        Api.as(officer).get("/v1/admin/requests/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void restrictionStopsSendingAndOptionalProcessingButKeepsDataReadable() throws Exception {
        String sub = Tokens.newUserId("restricted");
        String token = Api.register(sub);
        UUID conversation = conversationWithFriend(token);
        Api.as(token)
                .body(grant(true, VERSION, "en-US"))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(200);
        assertEquals("ack", sendOne(token, conversation, "before").path("type").asText());
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> Db.count("SELECT count(*) FROM analytics_event WHERE user_id = ?", sub) == 1);

        Api.as(token)
                .body(Map.of("type", "restriction"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .body("status", equalTo("completed"));
        JsonNode refused = sendOne(token, conversation, "after");
        assertEquals("error", refused.path("type").asText());
        assertEquals("restricted", refused.path("code").asText());
        Api.as(token)
                .get("/v1/conversations/" + conversation + "/messages")
                .then()
                .statusCode(200)
                .body("messages", hasSize(1));
        Thread.sleep(300);
        assertEquals(
                1,
                Db.count("SELECT count(*) FROM analytics_event WHERE user_id = ?", sub),
                "no optional processing while restricted");
    }

    @Test
    void minorsWaitForTheirGuardiansApproval() {
        String guardian = Tokens.newUserId("parent");
        String guardianToken = Api.register(guardian);
        String child = Tokens.newUserId("child");
        String birthdate = LocalDate.now(ZoneOffset.UTC).minusYears(12).toString();
        String childToken = Tokens.claims(child, "DE")
                .claim("birthdate", birthdate)
                .claim("guardian", guardian)
                .sign(Tokens.key());
        Api.as(childToken).get("/v1/conversations").then().statusCode(200);
        assertEquals(1, Db.count("SELECT count(*) FROM app_user WHERE id = ? AND status = 'pending_guardian'", child));
        UUID conversation = conversationWithFriend(childToken);

        JsonNode refused = sendOne(childToken, conversation, "too-early");
        assertEquals("consent_required", refused.path("code").asText());

        String stranger = Api.register(Tokens.newUserId("stranger"));
        Api.as(stranger)
                .body(Map.of("evidence", "kyc-123"))
                .post("/v1/guardians/" + child + "/approve")
                .then()
                .statusCode(404);
        Api.as(guardianToken)
                .body(Map.of("evidence", "kyc-123"))
                .post("/v1/guardians/" + child + "/approve")
                .then()
                .statusCode(204);
        assertEquals(
                "ack",
                sendOne(childToken, conversation, "approved").path("type").asText());

        Api.as(stranger).get("/v1/guardians/" + child + "/export").then().statusCode(404);
        Api.as(guardianToken)
                .get("/v1/guardians/" + child + "/export")
                .then()
                .statusCode(200)
                .body("schema", equalTo("charter.export.v1"))
                .body("user.id", equalTo(child))
                .body("messages", hasSize(1));
        Api.as(stranger).delete("/v1/guardians/" + child).then().statusCode(404);
        Api.as(guardianToken)
                .delete("/v1/guardians/" + child)
                .then()
                .statusCode(200)
                .body("type", equalTo("erasure"))
                .body("status", equalTo("completed"));
        Api.as(childToken).get("/v1/conversations").then().statusCode(403).body("code", equalTo("erased"));

        String teen = Tokens.newUserId("teen");
        String teenToken = Tokens.claims(teen, "FR")
                .claim(
                        "birthdate",
                        LocalDate.now(ZoneOffset.UTC)
                                .minusYears(15)
                                .minusDays(1)
                                .toString())
                .sign(Tokens.key());
        Api.as(teenToken).get("/v1/conversations").then().statusCode(200);
        assertEquals(
                1,
                Db.count("SELECT count(*) FROM app_user WHERE id = ? AND status = 'active'", teen),
                "15 is the age of digital consent in France");
    }

    @Test
    void accessExportHoldsEverythingAboutTheUser() {
        String sub = Tokens.newUserId("exporter");
        String token = Api.register(sub);
        UUID conversation = conversationWithFriend(token);
        Api.as(token)
                .body(grant(true, VERSION, "de-DE"))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(200);
        Api.as(token)
                .body(grant(false, VERSION, "de-DE"))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(200);
        sendOne(token, conversation, "m1");
        sendOne(token, conversation, "m2");

        String id = Api.as(token)
                .body(Map.of("type", "access"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .body("status", equalTo("completed"))
                .extract()
                .path("id");
        String exportUrl = Api.as(token)
                .get("/v1/me/requests/" + id)
                .then()
                .statusCode(200)
                .body("exportUrl", equalTo("/v1/me/requests/" + id + "/export"))
                .extract()
                .path("exportUrl");
        Api.as(token)
                .get(exportUrl)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("schema", equalTo("charter.export.v1"))
                .body("user.id", equalTo(sub))
                .body("user.jurisdiction", equalTo("GDPR"))
                .body("consents.status", org.hamcrest.Matchers.contains("granted", "withdrawn"))
                .body("conversations.id", hasItem(conversation.toString()))
                .body("messages", hasSize(2))
                .body("messages.text", org.hamcrest.Matchers.contains("hello", "hello"))
                .body("messages.seq", org.hamcrest.Matchers.contains(1, 2))
                .body("messages[0].conversation", equalTo(conversation.toString()))
                .body("requests.id", hasItem(id))
                .body("privacyContacts.jurisdiction", equalTo("GDPR"))
                .body("reports", hasSize(0))
                .body("accessLog", hasSize(0));
        // A privacy officer reads the request: that access now shows in the user's export.
        String officer = Tokens.withRoles(Tokens.newUserId("dpo"), "privacy-officer");
        Api.as(officer).get("/v1/admin/requests/" + id).then().statusCode(200);
        Api.as(token)
                .get(exportUrl)
                .then()
                .statusCode(200)
                .body("accessLog.action", hasItem("request.read"))
                .body("accessLog.actor", not(hasItem(sub)));

        String other = Api.register(Tokens.newUserId("nosy"));
        Api.as(other).get(exportUrl).then().statusCode(404);
        String rectification = Api.as(token)
                .body(Map.of("type", "rectification"))
                .post("/v1/me/requests")
                .then()
                .extract()
                .path("id");
        Api.as(token).get("/v1/me/requests/" + rectification).then().body("exportUrl", nullValue());
        Api.as(token).get("/v1/me/requests/" + rectification + "/export").then().statusCode(404);
    }

    @Test
    void consentChangesAndRequestStepsAreAudited() {
        String sub = Tokens.newUserId("audited");
        String token = Api.register(sub);
        Api.as(token)
                .body(grant(true, VERSION, "en-US"))
                .put("/v1/me/consents/marketing")
                .then()
                .statusCode(200);
        String id = Api.as(token)
                .body(Map.of("type", "objection"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String officer = Tokens.withRoles(Tokens.newUserId("dpo"), "privacy-officer");
        Api.as(officer).get("/v1/admin/requests/" + id).then().statusCode(200);
        Api.as(officer)
                .get("/v1/admin/audit?subject=" + sub)
                .then()
                .statusCode(200)
                .body("action", hasItems("consent.granted", "request.received", "request.read"))
                .body("find { it.action == 'consent.granted' }.details.purpose", equalTo("marketing"))
                .body("find { it.action == 'request.read' }.actor", not(equalTo(sub)));
    }

    @Test
    void erasureShredsKeysRemovesTheProfileAndRefusesLaterTokens() throws Exception {
        String sub = Tokens.newUserId("leaving");
        String token = Api.register(sub);
        String friend = Tokens.newUserId("stays");
        String friendToken = Api.register(friend);
        UUID conversation = Api.direct(token, friend);
        Api.as(token)
                .body(grant(true, VERSION, "en-US"))
                .put("/v1/me/consents/analytics")
                .then()
                .statusCode(200);
        assertEquals("ack", sendOne(token, conversation, "bye").path("type").asText());
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> Db.count("SELECT count(*) FROM analytics_event WHERE user_id = ?", sub) == 1);

        String id = Api.as(token)
                .body(Map.of("type", "erasure"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        // From completion on, every token for this sub gets 403 erased (the poll included), over WebSocket too.
        Api.as(token).get("/v1/me/requests/" + id).then().statusCode(403).body("code", equalTo("erased"));
        Api.as(Tokens.user(sub)).get("/v1/conversations").then().statusCode(403).body("code", equalTo("erased"));
        assertEquals(403, WsClient.refusedStatus(WsClient.uri(RestAssured.port), "Bearer " + token));

        Api.as(friendToken)
                .get("/v1/conversations/" + conversation + "/messages")
                .then()
                .statusCode(200)
                .body("messages[0].erased", equalTo(true))
                .body("messages[0].sender", nullValue())
                .body("messages[0].text", nullValue());
        Api.as(friendToken)
                .get("/v1/conversations")
                .then()
                .body("find { it.id == '" + conversation + "' }.members", not(hasItem(sub)));
        assertEquals(0, Db.count("SELECT count(*) FROM consent WHERE user_id = ?", sub));
        assertEquals(
                0,
                Db.count("SELECT count(*) FROM analytics_event WHERE user_id = ?", sub),
                "privacy's own rows go with the erasure");
        assertEquals(0, Db.count("SELECT count(*) FROM member WHERE user_id = ?", sub));
        assertEquals(1, Db.count("SELECT count(*) FROM app_user WHERE id = ? AND status = 'erased'", sub));

        String officer = Tokens.withRoles(Tokens.newUserId("dpo"), "privacy-officer");
        Api.as(officer)
                .get("/v1/admin/requests/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("receipt.signature", notNullValue())
                .body("receipt.payload", notNullValue());
    }
}
