package dev.charter.breach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Notices to affected individuals: recording a clock whose audience is individuals stores a notice per affected
 * user of that jurisdiction, delivers it in-app (at once to connected users, at the next connection to the others,
 * once each) and puts it in their export.
 */
@QuarkusTest
public class BreachNoticeTest {

    private static final String ADMIN = Tokens.withRoles(Tokens.newUserId("notice-admin"), "admin");
    private static final String OFFICER = Tokens.withRoles(Tokens.newUserId("notice-officer"), "privacy-officer");

    private static String breachOf(List<String> users) {
        Instant detected = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        return Api.as(ADMIN)
                .body(Map.of(
                        "title",
                        "Support tool exposed chat metadata",
                        "description",
                        "A support dashboard showed conversation lists to the wrong agents.",
                        "detectedAt",
                        detected.toString(),
                        "dataCategories",
                        List.of("messages"),
                        "affectedUsers",
                        users))
                .post("/v1/admin/breaches")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static JsonPath notify(String breach, String jurisdiction, String clock, String notice) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("jurisdiction", jurisdiction, "clock", clock));
        if (notice != null) {
            body.put("notice", notice);
        }
        return Api.as(OFFICER)
                .body(body)
                .post("/v1/admin/breaches/" + breach + "/notifications")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void affectedIndividualsGetTheNoticeInAppOnceAndInTheirExport() {
        String online = Tokens.newUserId("online");
        String onlineToken = Api.register(online);
        String offline = Tokens.newUserId("offline");
        String offlineToken = Api.register(offline);
        String californian = Tokens.newUserId("ca");
        Api.as(Tokens.claims(californian, "US").claim("subdivision", "US-CA").sign(Tokens.key()))
                .get("/v1/conversations")
                .then()
                .statusCode(200);
        String breach = breachOf(List.of(online, offline, californian));
        String text = "We found that a support tool showed your conversation list to support agents. Contact "
                + "dpo@example.com with any question.";

        try (WsClient live = WsClient.open(onlineToken)) {
            notify(breach, "GDPR", "regulator", null);
            assertEquals(List.of(), live.drain("breach_notice", Duration.ofMillis(500)), "the regulator is not them");

            JsonPath after = notify(breach, "GDPR", "individuals", text);
            assertNotNull(after.getString("id"));
            JsonNode frame = live.awaitType("breach_notice");
            assertEquals(breach, frame.path("breach").asText());
            assertEquals("GDPR", frame.path("jurisdiction").asText());
            assertEquals("individuals", frame.path("clock").asText());
            assertEquals(text, frame.path("notice").asText());
            assertFalse(frame.path("notifiedAt").asText().isEmpty());
        }
        assertEquals(
                0,
                Db.count("SELECT count(*) FROM breach_notice WHERE user_id = ?", californian),
                "only the jurisdiction whose clock was recorded is told");
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM audit_event WHERE action = 'breach.notified'"
                                + " AND details->>'breach' = ? AND details->>'individualsNotified' = '2'",
                        breach));

        try (WsClient later = WsClient.open(offlineToken)) {
            JsonNode frame = later.awaitType("breach_notice");
            assertEquals(text, frame.path("notice").asText(), "a user offline then gets it when they connect");
        }
        try (WsClient again = WsClient.open(offlineToken)) {
            assertEquals(List.of(), again.drain("breach_notice", Duration.ofSeconds(1)), "each notice goes out once");
        }

        String request = Api.as(offlineToken)
                .body(Map.of("type", "access"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath export = Api.as(offlineToken)
                .get("/v1/me/requests/" + request + "/export")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(1, export.getList("breachNotices").size());
        assertEquals(breach, export.getString("breachNotices[0].breach"));
        assertEquals(text, export.getString("breachNotices[0].notice"));
        assertEquals("individuals", export.getString("breachNotices[0].clock"));
        assertNotNull(export.getString("breachNotices[0].deliveredAt"));
    }

    @Test
    void withoutATextIndividualsAreToldTheBreachsTitleAndDescription() {
        String user = Tokens.newUserId("untold");
        String token = Api.register(user);
        String breach = breachOf(List.of(user));
        notify(breach, "GDPR", "individuals", null);
        try (WsClient ws = WsClient.open(token)) {
            String notice = ws.awaitType("breach_notice").path("notice").asText();
            assertTrue(notice.startsWith("Support tool exposed chat metadata"), notice);
            assertTrue(notice.endsWith("to the wrong agents."), notice);
        }
        Api.as(OFFICER)
                .body(Map.of("jurisdiction", "GDPR", "clock", "regulator", "notice", "x".repeat(2_001)))
                .post("/v1/admin/breaches/" + breach + "/notifications")
                .then()
                .statusCode(400);
    }
}
