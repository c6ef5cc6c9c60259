package dev.charter.security;

import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * An operator who turned every optional guard on: audience check, a low REST rate limit (so tests reach
 * it in a few calls), two WebSocket connections per user, one allowed browser origin.
 */
public class HardenedProfile implements QuarkusTestProfile {

    static final String AUDIENCE = Tokens.AUDIENCE;
    static final String ORIGIN = "https://app.charter.test";
    static final int REST_BURST = 3;
    static final int MAX_CONNECTIONS = 2;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "mp.jwt.verify.audiences",
                AUDIENCE,
                // One token every 10 s: a slow machine cannot refill the bucket between a test's calls.
                "charter.rest.rate-limit.per-second",
                "0.1",
                "charter.rest.rate-limit.burst",
                String.valueOf(REST_BURST),
                "charter.ws.max-connections-per-user",
                String.valueOf(MAX_CONNECTIONS),
                "charter.ws.allowed-origins",
                ORIGIN);
    }

    /** A valid user token for this profile (it carries the audience). */
    static String token(String sub) {
        return Tokens.claims(sub, "DE").audience(AUDIENCE).sign(Tokens.key());
    }
}
