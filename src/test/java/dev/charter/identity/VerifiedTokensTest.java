package dev.charter.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Tokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verified tokens are remembered by digest until they expire; nothing unverified, altered or expired is served. */
class VerifiedTokensTest {

    private final AtomicInteger verifications = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(System.currentTimeMillis() / 1000);
    private JWTParser counting;

    @BeforeEach
    void verifier() throws Exception {
        PublicKey key;
        try (InputStream in = Tokens.class.getResourceAsStream("/jwt/public.pem")) {
            key = KeyUtils.decodePublicKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JWTAuthContextInfo context = new JWTAuthContextInfo(key, Tokens.ISSUER);
        DefaultJWTParser real = new DefaultJWTParser(context);
        counting = (JWTParser) Proxy.newProxyInstance(
                JWTParser.class.getClassLoader(), new Class<?>[] {JWTParser.class}, (proxy, method, args) -> {
                    if (method.getName().equals("parse")) {
                        verifications.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static String token(String sub) {
        return Tokens.user(sub);
    }

    @Test
    void aTokenIsVerifiedOnceAndServedFromMemoryAfterwards() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(counting, now::get, 100);
        String token = token(Tokens.newUserId("a"));
        JsonWebToken first = tokens.parse(token);
        JsonWebToken again = tokens.parse(token);
        assertSame(first, again);
        assertEquals(1, verifications.get(), "the signature was checked once");
        assertNotSame(first, tokens.parse(token(Tokens.newUserId("b"))), "another token is verified on its own");
        assertEquals(2, verifications.get());
    }

    @Test
    void anAlteredOrForgedTokenIsNeverServedNorKept() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(counting, now::get, 100);
        String token = token(Tokens.newUserId("a"));
        tokens.parse(token);
        int dot = token.lastIndexOf('.');
        char flipped = token.charAt(dot + 5) == 'A' ? 'B' : 'A';
        String forged = token.substring(0, dot + 5) + flipped + token.substring(dot + 6);
        assertThrows(ParseException.class, () -> tokens.parse(forged));
        assertThrows(ParseException.class, () -> tokens.parse(forged));
        assertEquals(3, verifications.get(), "a failed token is checked every time");
        assertEquals(1, tokens.size());
    }

    @Test
    void anExpiredEntryIsVerifiedAgainAndNotKept() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(counting, now::get, 100);
        String token = token(Tokens.newUserId("a"));
        JsonWebToken first = tokens.parse(token);
        now.set(first.getExpirationTime());
        tokens.parse(token);
        assertEquals(2, verifications.get(), "at its exp a token is no longer taken from memory");
        assertEquals(0, tokens.size(), "nor kept again");
    }

    @Test
    void memoryIsBounded() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(counting, now::get, 2);
        for (int i = 0; i < 5; i++) {
            tokens.parse(token(Tokens.newUserId("u" + i)));
            assertTrue(tokens.size() <= 2, "at most the bound");
        }
        VerifiedTokens off = new VerifiedTokens(counting, now::get, 0);
        String token = token(Tokens.newUserId("x"));
        off.parse(token);
        off.parse(token);
        assertEquals(0, off.size(), "a bound of 0 turns the memory off");
    }
}
