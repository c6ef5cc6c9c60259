package dev.charter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The same checks against the packaged application (prod profile), plus what only prod enforces: an audience
 * is always required there (pom.xml's failsafe configuration sets {@code mp.jwt.verify.audiences}), and the
 * default maximum token age ({@code %prod.mp.jwt.verify.token.age=3600}) applies.
 */
@QuarkusIntegrationTest
class TokenAttackIT extends TokenAttackTest {

    @Override
    @Test
    void audienceIsNotEnforcedUnlessConfigured() {
        // Prod does not start without mp.jwt.verify.audiences (common/RequiredSettings): always enforced.
        String sub = Tokens.newUserId("anyaud");
        Refusals.assertUnauthorized(RawTokens.sign(RawTokens.validClaims(sub).put("aud", "someone-else")));
        assertEquals(0, Db.count("SELECT count(*) FROM app_user WHERE id = ?", sub));
    }

    @Test
    void aTokenOlderThanTheMaximumAgeIsRefusedThoughNotExpired() {
        long now = System.currentTimeMillis() / 1000;
        String sub = Tokens.newUserId("old");
        Refusals.assertUnauthorized(RawTokens.sign(
                RawTokens.validClaims(sub).put("iat", now - 3600 - 120).put("exp", now + 3600)));
        assertEquals(0, Db.count("SELECT count(*) FROM app_user WHERE id = ?", sub));
    }

    @Test
    void aTokenWithoutIssuedAtIsRefused() {
        // With a maximum age, SmallRye JWT requires iat: a token cannot escape the age check by leaving it out.
        String sub = Tokens.newUserId("noiat");
        com.fasterxml.jackson.databind.node.ObjectNode claims = RawTokens.validClaims(sub);
        claims.remove("iat");
        Refusals.assertUnauthorized(RawTokens.sign(claims));
        assertEquals(0, Db.count("SELECT count(*) FROM app_user WHERE id = ?", sub));
    }

    @Test
    void aTokenYoungerThanTheMaximumAgeIsAccepted() {
        long now = System.currentTimeMillis() / 1000;
        String token = RawTokens.sign(RawTokens.validClaims(Tokens.newUserId("young"))
                .put("iat", now - 3600 + 300)
                .put("exp", now + 3600));
        Api.as(token).get("/v1/conversations").then().statusCode(200);
    }
}
