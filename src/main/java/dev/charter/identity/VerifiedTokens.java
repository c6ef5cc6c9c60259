package dev.charter.identity;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The token parser Quarkus authenticates with, remembering tokens it verified by their SHA-256 until they expire.
 * A reconnect storm presents the same tokens again: the signature check (RS256, the largest cost of a handshake)
 * runs once per token, not once per connection. Only verified tokens are kept, keyed by a digest of the whole
 * token (so any altered byte is a miss), never past their {@code exp}; the map is bounded and starts over when
 * full. Everything else (explicit keys, decryption) goes straight to SmallRye's parser.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    private final JWTParser verifier;
    private final LongSupplier nowSeconds;
    private final int maxEntries;
    private final Map<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    /** Expiry is judged by the system clock, as SmallRye judges it when it verifies. */
    @Inject
    VerifiedTokens(
            DefaultJWTParser verifier,
            @ConfigProperty(name = "charter.auth.verified-token-cache-size", defaultValue = "20000") int maxEntries) {
        this(verifier, () -> System.currentTimeMillis() / 1000, maxEntries);
    }

    VerifiedTokens(JWTParser verifier, LongSupplier nowSeconds, int maxEntries) {
        this.verifier = verifier;
        this.nowSeconds = nowSeconds;
        this.maxEntries = maxEntries;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        if (maxEntries <= 0) {
            return verifier.parse(token);
        }
        String key = digest(token);
        JsonWebToken known = verified.get(key);
        long now = nowSeconds.getAsLong();
        if (known != null) {
            if (known.getExpirationTime() > now) {
                return known;
            }
            verified.remove(key);
        }
        JsonWebToken fresh = verifier.parse(token);
        if (fresh.getExpirationTime() > now) {
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
            verified.put(key, fresh);
        }
        return fresh;
    }

    /** How many verified tokens are remembered (tests, metrics). */
    int size() {
        return verified.size();
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }

    private static String digest(String token) {
        try {
            return Base64.getEncoder()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
