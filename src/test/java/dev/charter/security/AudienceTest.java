package dev.charter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With {@code mp.jwt.verify.audiences} set, a token for another audience is refused like a forged one. */
@QuarkusTest
@TestProfile(HardenedProfile.class)
class AudienceTest {

    @Test
    void tokenWithoutAudienceIsRefused() {
        String sub = Tokens.newUserId("noaud");
        Refusals.assertUnauthorized(Tokens.claims(sub, "DE").remove("aud").sign(Tokens.key()));
        assertEquals(0, Db.count("SELECT count(*) FROM app_user WHERE id = ?", sub));
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        String sub = Tokens.newUserId("otheraud");
        Refusals.assertUnauthorized(
                Tokens.claims(sub, "DE").audience("another-service").sign(Tokens.key()));
        assertEquals(0, Db.count("SELECT count(*) FROM app_user WHERE id = ?", sub));
    }

    @Test
    void tokenNamingThisAudienceAmongOthersIsAccepted() {
        String sub = Tokens.newUserId("multiaud");
        String token = Tokens.claims(sub, "DE")
                .audience(Set.of("another-service", HardenedProfile.AUDIENCE))
                .sign(Tokens.key());
        Api.as(token).get("/v1/conversations").then().statusCode(200);
    }

    @Test
    void tokenForThisAudienceIsAcceptedOnRestAndWebSocket() {
        String token = HardenedProfile.token(Tokens.newUserId("rightaud"));
        Api.as(token).get("/v1/conversations").then().statusCode(200);
        try (WsClient ws = WsClient.connect(RestAssured.port, token)) {
            assertEquals("welcome", ws.awaitType("welcome").path("type").asText());
        }
    }
}
