package dev.charter.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.WsClient;
import io.restassured.RestAssured;

/** The contract's 401: REST problem+json {@code unauthorized}; WebSocket handshake HTTP 401, no upgrade. */
final class Refusals {

    private Refusals() {}

    static void assertUnauthorized(String token) {
        given().header("Authorization", "Bearer " + token)
                .when()
                .get("/v1/conversations")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("code", equalTo("unauthorized"));
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(RestAssured.port), "Bearer " + token));
    }
}
