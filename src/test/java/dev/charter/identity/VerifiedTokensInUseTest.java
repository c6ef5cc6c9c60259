package dev.charter.identity;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Quarkus authenticates with {@link VerifiedTokens}, not SmallRye's parser directly. */
@QuarkusTest
class VerifiedTokensInUseTest {

    @Inject
    JWTParser parser;

    @Test
    void theAuthenticationParserIsTheRememberingOne() {
        assertInstanceOf(VerifiedTokens.class, ClientProxy.unwrap(parser));
    }
}
