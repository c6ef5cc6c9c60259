package dev.charter.messaging.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A socket that only listens is closed when its token expires, not at some later frame. */
@QuarkusTest
@TestProfile(ExpiredTokenSweepTest.SweepEverySecond.class)
class ExpiredTokenSweepTest {

    public static class SweepEverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("charter.ws.token-expiry-sweep", "1s");
        }
    }

    @Test
    void aListeningSocketIsToldAndClosedWhenItsTokenExpires() {
        long now = System.currentTimeMillis() / 1000;
        String expiring = Tokens.claims(Tokens.newUserId("listener"), "DE")
                .issuedAt(now)
                .expiresAt(now + 2)
                .sign(Tokens.key());
        try (WsClient listener = WsClient.connect(RestAssured.port, expiring);
                WsClient other = WsClient.connect(RestAssured.port, Tokens.user(Tokens.newUserId("fresh")))) {
            listener.awaitType("welcome");
            other.awaitType("welcome");

            assertEquals(
                    "unauthorized", listener.awaitType("error").path("code").asText());
            assertEquals(1008, listener.awaitClose());
            // A socket whose token is still good stays open.
            other.send(WsClient.frame("ping", "still-open"));
            assertEquals("still-open", other.awaitType("pong").path("ref").asText());
        }
    }
}
