package dev.charter.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

/** Compact JWS signing through JCA: ES256 for APNs provider tokens, RS256 for Google's OAuth2 assertions. */
final class JwtSigner {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private JwtSigner() {}

    static String sign(PrivateKey key, Map<String, Object> header, Map<String, Object> claims, ObjectMapper json) {
        try {
            String signingInput = URL.encodeToString(json.writeValueAsBytes(header)) + "."
                    + URL.encodeToString(json.writeValueAsBytes(claims));
            // P1363: the raw r||s JWS wants, not the DER the plain ECDSA algorithm gives.
            String algorithm = "ES256".equals(header.get("alg")) ? "SHA256withECDSAinP1363Format" : "SHA256withRSA";
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot sign a provider token: " + e.getClass().getSimpleName());
        }
    }
}
