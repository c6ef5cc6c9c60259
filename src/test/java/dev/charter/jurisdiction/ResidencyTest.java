package dev.charter.jurisdiction;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class ResidencyTest {

    @Test
    void restRefusesAnUnservedCountryWithWrongRegionNamingTheServingRegion() {
        String sub = Tokens.newUserId("saudi");
        given().header("Authorization", "Bearer " + Tokens.user(sub, "SA"))
                .when()
                .get("/v1/conversations")
                .then()
                .statusCode(421)
                .contentType("application/problem+json")
                .body("code", equalTo("wrong_region"))
                .body("status", equalTo(421))
                .body("region", equalTo("me-central-1"));
        assertEquals(0, Db.rowsMentioning(sub), "nothing about a refused user is stored");
    }

    @Test
    void restRefusesACountryWithoutKnownRegion() {
        String sub = Tokens.newUserId("kiwi");
        given().header("Authorization", "Bearer " + Tokens.user(sub, "NZ"))
                .when()
                .get("/v1/conversations")
                .then()
                .statusCode(421)
                .body("code", equalTo("wrong_region"));
        assertEquals(0, Db.rowsMentioning(sub));
    }

    @Test
    void webSocketHandshakeIsRefusedWith421AndNothingStored() {
        String sub = Tokens.newUserId("chinese");
        assertEquals(421, WsClient.refusedStatus(WsClient.uri(RestAssured.port), "Bearer " + Tokens.user(sub, "CN")));
        assertEquals(0, Db.rowsMentioning(sub));
    }

    @Test
    void regionEndpointNeedsNoAuthAndListsWhatIsServed() {
        given().when()
                .get("/v1/region")
                .then()
                .statusCode(200)
                .body("countries", hasItem("DE"))
                .body("jurisdictions", hasItem("GDPR"))
                .body("region", equalTo("local"));
    }
}
