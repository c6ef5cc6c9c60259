package dev.charter.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** REST calls as a given user. */
public final class Api {

    private Api() {}

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** REST calls to an instance on another port (multi-instance and crash tests). */
    public static RequestSpecification on(int port, String token) {
        return as(token).port(port);
    }

    /** Makes the user exist (users exist from their first authenticated call). */
    public static String register(String sub) {
        String token = Tokens.user(sub);
        as(token).get("/v1/conversations").then().statusCode(200);
        return token;
    }

    public static UUID direct(String ownerToken, String other) {
        return UUID.fromString(as(ownerToken)
                .body(Map.of("kind", "direct", "members", List.of(other)))
                .post("/v1/conversations")
                .then()
                .extract()
                .path("id"));
    }

    public static UUID group(String ownerToken, String title, List<String> members) {
        return UUID.fromString(as(ownerToken)
                .body(Map.of("kind", "group", "title", title, "members", members))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }
}
