package dev.charter.security;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** REST calls are limited per user by a token bucket ({@code charter.rest.rate-limit.*}). */
@QuarkusTest
@TestProfile(HardenedProfile.class)
class RestRateLimitTest {

    @Test
    void callsPastTheBurstGet429WithRetryAfter() {
        String token = HardenedProfile.token(Tokens.newUserId("eager"));
        for (int i = 0; i < HardenedProfile.REST_BURST; i++) {
            Api.as(token).get("/v1/conversations").then().statusCode(200);
        }
        Response limited = Api.as(token).get("/v1/me/consents");
        limited.then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("status", equalTo(429))
                .body("code", equalTo("rate_limited"));
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        // One token every 10 s: the wait is whole seconds, at least 1, at most the refill time.
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
    }

    @Test
    void oneUsersLimitDoesNotSlowAnother() {
        String greedy = HardenedProfile.token(Tokens.newUserId("greedy"));
        for (int i = 0; i < HardenedProfile.REST_BURST; i++) {
            Api.as(greedy).get("/v1/conversations").then().statusCode(200);
        }
        Api.as(greedy).get("/v1/conversations").then().statusCode(429);
        Api.as(HardenedProfile.token(Tokens.newUserId("patient")))
                .get("/v1/conversations")
                .then()
                .statusCode(200);
    }

    @Test
    void refusedTokensDoNotSpendTheVictimsBudget() {
        // Forged tokens naming a user are refused before the limiter: they cannot lock that user out.
        String sub = Tokens.newUserId("victim");
        String forged = Tokens.claims(sub, "DE").audience("another-service").sign(Tokens.key());
        for (int i = 0; i < HardenedProfile.REST_BURST + 2; i++) {
            Api.as(forged).get("/v1/conversations").then().statusCode(401);
        }
        Api.as(HardenedProfile.token(sub)).get("/v1/conversations").then().statusCode(200);
    }

    @Test
    void unauthenticatedEndpointsAreNotCountedPerUser() {
        for (int i = 0; i < HardenedProfile.REST_BURST * 3; i++) {
            RestAssured.given().get("/v1/region").then().statusCode(200);
        }
    }
}
