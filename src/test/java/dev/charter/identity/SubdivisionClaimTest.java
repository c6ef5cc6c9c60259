package dev.charter.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class SubdivisionClaimTest {

    private static String token(String sub, String country, String subdivision) {
        return Tokens.claims(sub, country).claim("subdivision", subdivision).sign(Tokens.key());
    }

    @Test
    void aSubdivisionOutsideTheTokensCountryIsAnInvalidTokenOnRestAndTheHandshake() {
        String sub = Tokens.newUserId("mismatch");
        String mismatched = token(sub, "IN", "US-CA");

        Api.as(mismatched).get("/v1/conversations").then().statusCode(401);
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(RestAssured.port), "Bearer " + mismatched));
        assertEquals(0, Db.count("SELECT count(*) FROM app_user WHERE id = ?", sub));

        // A country's own subdivision, in any case, is accepted.
        Api.as(token(sub, "US", "us-ca")).get("/v1/conversations").then().statusCode(200);
        Api.as(token(sub, "US", "US-CA")).get("/v1/me/consents").then().statusCode(200);
        Api.as(token(Tokens.newUserId("tx"), "US", "USA-TX"))
                .get("/v1/conversations")
                .then()
                .statusCode(401);
        Api.as(token(Tokens.newUserId("de"), "DE", "DE-BY"))
                .get("/v1/conversations")
                .then()
                .statusCode(200)
                .body("$", org.hamcrest.Matchers.empty());
    }
}
