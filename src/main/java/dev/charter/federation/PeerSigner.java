package dev.charter.federation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs a request from this region to a peer (docs/federation.md, Region-to-region requests). The signature
 * covers one canonical string: a version line, the method, the path with its query (as sent, percent-encoding
 * kept), the sending and the receiving region, the timestamp, the nonce and the body's SHA-256, one per line.
 */
public final class PeerSigner {

    public static final String REGION = "Charter-Region";
    public static final String TIMESTAMP = "Charter-Timestamp";
    public static final String NONCE = "Charter-Nonce";
    public static final String SIGNATURE = "Charter-Signature";
    public static final String CONTENT_DIGEST = "Content-Digest";

    static final String VERSION = "charter-federation-v1";

    private final String region;
    private final PrivateKey key;
    private final Clock clock;
    /**
     * Per signer, created with it at run time: a static one would be created while the native image is built,
     * stored in the image, and give every process the same nonces (the image build refuses it).
     */
    private final SecureRandom random = new SecureRandom();

    public PeerSigner(String region, PrivateKey key, Clock clock) {
        this.region = region;
        this.key = key;
        this.clock = clock;
    }

    /** The headers to add to the request; {@code body} may be empty, never null. */
    public Map<String, String> sign(String toRegion, String method, String pathAndQuery, byte[] body) {
        byte[] nonceBytes = new byte[16];
        random.nextBytes(nonceBytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        long timestamp = clock.instant().getEpochSecond();
        String digest = contentDigest(body);
        String canonical = canonical(method, pathAndQuery, region, toRegion, timestamp, nonce, digest);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(REGION, region);
        headers.put(TIMESTAMP, Long.toString(timestamp));
        headers.put(NONCE, nonce);
        headers.put(CONTENT_DIGEST, digest);
        headers.put(SIGNATURE, signature(key, canonical));
        return headers;
    }

    /** {@code sha-256=:<base64>:} (RFC 9530). */
    public static String contentDigest(byte[] body) {
        try {
            return "sha-256=:"
                    + Base64.getEncoder()
                            .encodeToString(MessageDigest.getInstance("SHA-256").digest(body)) + ":";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String canonical(
            String method, String pathAndQuery, String from, String to, long timestamp, String nonce, String digest) {
        return String.join(
                "\n",
                VERSION,
                method.toUpperCase(java.util.Locale.ROOT),
                pathAndQuery,
                from,
                to,
                Long.toString(timestamp),
                nonce,
                digest);
    }

    static String signature(PrivateKey key, String canonical) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }
}
