package dev.charter.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.testsupport.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;

/** RS256 tokens with exactly the claims a test gives, signed with the test key (no builder defaults). */
final class RawTokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawTokens() {}

    /** Claims of a valid Charter user token, for a test to break one at a time. */
    static ObjectNode validClaims(String sub) {
        long now = System.currentTimeMillis() / 1000;
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", Tokens.ISSUER)
                .put("sub", sub)
                .put("country", "DE")
                .put("aud", Tokens.AUDIENCE)
                .put("iat", now)
                .put("exp", now + 3600);
        claims.putArray("groups").add("user");
        return claims;
    }

    static String sign(ObjectNode claims) {
        String signingInput = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(claims.toString());
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(Tokens.key());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
