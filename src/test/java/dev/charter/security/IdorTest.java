package dev.charter.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Insecure direct object references: for every endpoint that takes an id, a user with a valid token who
 * has no business with that object gets the refusal the contract names and never any of its data.
 */
@QuarkusTest
class IdorTest {

    private String alice;
    private String aliceToken;
    private String bobToken;
    private String mallory;
    private String malloryToken;
    private UUID conversation;
    private String canary;

    @BeforeEach
    void aliceAndBobTalkMalloryWatches() {
        alice = Tokens.newUserId("alice");
        aliceToken = Api.register(alice);
        String bob = Tokens.newUserId("bob");
        bobToken = Api.register(bob);
        mallory = Tokens.newUserId("mallory");
        malloryToken = Api.register(mallory);
        conversation = Api.group(aliceToken, "private", List.of(bob));
        canary = "canary-" + UUID.randomUUID();
        Chat.send(aliceToken, conversation, canary);
    }

    private void assertNotFoundWithoutData(Response response) {
        response.then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not_found"))
                .body(not(containsString(canary)));
    }

    private void assertForbiddenWithoutData(Response response) {
        response.then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"))
                .body(not(containsString(canary)))
                .body(not(containsString(alice)));
    }

    @Test
    void anotherUsersConversationLooksLikeOneThatDoesNotExist() {
        Response probed = Api.as(malloryToken).get("/v1/conversations/" + conversation + "/messages");
        Response missing = Api.as(malloryToken).get("/v1/conversations/" + UUID.randomUUID() + "/messages");
        assertNotFoundWithoutData(probed);
        assertNotFoundWithoutData(missing);
        assertEquals(missing.jsonPath().getString("detail"), probed.jsonPath().getString("detail"));
        Api.as(malloryToken)
                .get("/v1/conversations")
                .then()
                .statusCode(200)
                .body(not(containsString(conversation.toString())));
    }

    @Test
    void outsidersCannotAddThemselves() {
        assertNotFoundWithoutData(Api.as(malloryToken)
                .body(Map.of("user", mallory))
                .post("/v1/conversations/" + conversation + "/members"));
        assertEquals(
                0,
                Db.count(
                        "SELECT count(*) FROM member WHERE conversation_id = ? AND user_id = ?",
                        conversation,
                        mallory));
    }

    @Test
    void membersWhoAreNotTheOwnerCannotAddOthers() {
        Api.as(bobToken)
                .body(Map.of("user", mallory))
                .post("/v1/conversations/" + conversation + "/members")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        assertEquals(
                0,
                Db.count(
                        "SELECT count(*) FROM member WHERE conversation_id = ? AND user_id = ?",
                        conversation,
                        mallory));
    }

    @Test
    void onlyTheSenderDeletesAMessage() {
        assertNotFoundWithoutData(Api.as(malloryToken).delete("/v1/conversations/" + conversation + "/messages/1"));
        Api.as(bobToken)
                .delete("/v1/conversations/" + conversation + "/messages/1")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        List<JsonNode> history = Chat.history(aliceToken, conversation);
        assertEquals(canary, history.get(0).path("text").asText());
    }

    @Test
    void outsidersCannotReportAMessageTheyCannotSee() {
        assertNotFoundWithoutData(Api.as(malloryToken)
                .body(Map.of("conversation", conversation.toString(), "seq", 1, "reason", "spam"))
                .post("/v1/reports"));
        assertEquals(0, Db.count("SELECT count(*) FROM report WHERE reporter_id = ?", mallory));
    }

    @Test
    void anotherUsersRightsRequestAndExportAreNotFound() {
        String request = Api.as(aliceToken)
                .body(Map.of("type", "access"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Api.as(aliceToken)
                .get("/v1/me/requests/" + request + "/export")
                .then()
                .statusCode(200)
                .body(containsString(canary));
        assertNotFoundWithoutData(Api.as(malloryToken).get("/v1/me/requests/" + request));
        assertNotFoundWithoutData(Api.as(malloryToken).get("/v1/me/requests/" + request + "/export"));
        Api.as(malloryToken).get("/v1/me/requests").then().statusCode(200).body(not(containsString(request)));
    }

    @Test
    void onlyTheNamedGuardianReachesAChild() {
        assertNotFoundWithoutData(Api.as(malloryToken).get("/v1/guardians/" + alice + "/export"));
        assertNotFoundWithoutData(
                Api.as(malloryToken).body(Map.of("evidence", "forged")).post("/v1/guardians/" + alice + "/approve"));
        assertNotFoundWithoutData(Api.as(malloryToken).delete("/v1/guardians/" + alice));
        assertEquals(1, Db.count("SELECT count(*) FROM app_user WHERE id = ? AND status = 'active'", alice));
        Chat.history(aliceToken, conversation);
    }

    @Test
    void adminEndpointsWithAnIdRefuseUsers() {
        String request = Api.as(aliceToken)
                .body(Map.of("type", "rectification"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String report = Api.as(bobToken)
                .body(Map.of("conversation", conversation.toString(), "seq", 1, "reason", "spam"))
                .post("/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertForbiddenWithoutData(Api.as(malloryToken).get("/v1/admin/requests/" + request));
        assertForbiddenWithoutData(
                Api.as(malloryToken).body(Map.of("reason", "busy")).post("/v1/admin/requests/" + request + "/extend"));
        assertForbiddenWithoutData(Api.as(malloryToken)
                .body(Map.of("action", "dismiss"))
                .post("/v1/admin/reports/" + report + "/decision"));
        assertForbiddenWithoutData(Api.as(malloryToken).get("/v1/admin/audit?subject=" + alice));
        assertEquals(1, Db.count("SELECT count(*) FROM report WHERE id = ?::uuid AND status = 'open'", report));
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM privacy_request WHERE id = ?::uuid AND extended_until IS NULL", request));
    }

    @Test
    void outsidersGetNotMemberOverTheWebSocketAndNoMessages() {
        try (WsClient ws = WsClient.connect(RestAssured.port, malloryToken)) {
            ws.awaitType("welcome");
            ws.send(WsClient.frame("sync", "s")
                    .put("conversation", conversation.toString())
                    .put("afterSeq", 0));
            assertEquals("not_member", ws.awaitRef("s").path("code").asText());
            ws.send(WsClient.frame("read", "r")
                    .put("conversation", conversation.toString())
                    .put("seq", 1));
            assertEquals("not_member", ws.awaitRef("r").path("code").asText());
            Chat.send(aliceToken, conversation, canary + "-live");
            List<JsonNode> leaked = ws.drain("message", Duration.ofMillis(500));
            assertTrue(leaked.isEmpty(), leaked.toString());
            assertFalse(ws.drain("receipt", Duration.ZERO).stream()
                    .anyMatch(f -> f.toString().contains(alice)));
        }
    }
}
