package dev.charter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Token attacks beyond {@code identity.AuthenticationTest} (which covers alg none, HS256 with the public
 * key, expired, wrong issuer, bad signature, missing country). Each is refused on REST and the WebSocket
 * handshake, and the refused subject never becomes a user.
 */
@QuarkusTest
class TokenAttackTest {

    private static void assertRefusedAndNotStored(String sub, String token) {
        Refusals.assertUnauthorized(token);
        assertEquals(0, Db.count("SELECT count(*) FROM app_user WHERE id = ?", sub));
    }

    @Test
    void notBeforeInTheFutureIsRefused() {
        String sub = Tokens.newUserId("early");
        long now = System.currentTimeMillis() / 1000;
        assertRefusedAndNotStored(sub, RawTokens.sign(RawTokens.validClaims(sub).put("nbf", now + 3600)));
    }

    @Test
    void tokenWithoutSubjectIsRefused() {
        var claims = RawTokens.validClaims("unused");
        claims.remove("sub");
        Refusals.assertUnauthorized(RawTokens.sign(claims));
    }

    @Test
    void blankSubjectIsRefused() {
        Refusals.assertUnauthorized(RawTokens.sign(RawTokens.validClaims(" ")));
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        String sub = Tokens.newUserId("forever");
        var claims = RawTokens.validClaims(sub);
        claims.remove("exp");
        assertRefusedAndNotStored(sub, RawTokens.sign(claims));
    }

    @Test
    void tokenWithoutCountryIsRefusedAndNotStored() {
        String sub = Tokens.newUserId("stateless");
        var claims = RawTokens.validClaims(sub);
        claims.remove("country");
        assertRefusedAndNotStored(sub, RawTokens.sign(claims));
    }

    @Test
    void issuerIsComparedExactly() {
        String sub = Tokens.newUserId("lookalike");
        assertRefusedAndNotStored(sub, RawTokens.sign(RawTokens.validClaims(sub).put("iss", Tokens.ISSUER + "/")));
    }

    @Test
    void theControlTokenIsAccepted() {
        // The same raw builder with nothing broken: proves the refusals above are about the broken claim.
        String sub = Tokens.newUserId("control");
        Api.as(RawTokens.sign(RawTokens.validClaims(sub)))
                .get("/v1/conversations")
                .then()
                .statusCode(200);
    }

    @Test
    void audienceIsNotEnforcedUnlessConfigured() {
        // mp.jwt.verify.audiences is unset by default (the contract does not name an audience); see
        // HardenedProfile and AudienceTest for the enforced case.
        String sub = Tokens.newUserId("anyaud");
        Api.as(RawTokens.sign(RawTokens.validClaims(sub).put("aud", "someone-else")))
                .get("/v1/conversations")
                .then()
                .statusCode(200);
    }
}
