package dev.charter.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/** Test tokens signed with the test key pair under src/test/resources/jwt. */
public final class Tokens {

    public static final String ISSUER = "https://charter.dev/local";
    /**
     * The audience every test token names: the packaged app runs in prod, which requires
     * {@code mp.jwt.verify.audiences} (pom.xml's failsafe configuration sets it to this).
     */
    public static final String AUDIENCE = "charter-api";

    private static final PrivateKey KEY = loadKey();

    private Tokens() {}

    /** A fresh user id, so tests never collide with each other's data. */
    public static String newUserId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String user(String sub) {
        return user(sub, "DE");
    }

    public static String user(String sub, String country) {
        return claims(sub, country).sign(KEY);
    }

    public static String withRoles(String sub, String... roles) {
        return claims(sub, "DE").groups(Set.of(roles)).sign(KEY);
    }

    public static JwtClaimsBuilder claims(String sub, String country) {
        return Jwt.issuer(ISSUER)
                .subject(sub)
                .groups(Set.of("user"))
                .claim("country", country)
                .audience(AUDIENCE)
                .expiresIn(3600);
    }

    public static PrivateKey key() {
        return KEY;
    }

    private static PrivateKey loadKey() {
        try (InputStream in = Tokens.class.getResourceAsStream("/jwt/private.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
