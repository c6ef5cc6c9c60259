package dev.charter.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerSignerTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    private final KeyPair us = generate();
    private final KeyPair stranger = generate();
    private final KeyPair eu = generate();
    private final MemoryNonces nonces = new MemoryNonces();

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private FederationSettings settings() {
        return FederationSettings.parse(
                Optional.of("us-east-1=https://chat-us.example.com"),
                Optional.of(b64(eu.getPrivate().getEncoded())),
                Optional.of("us-east-1=" + b64(us.getPublic().getEncoded())),
                Duration.ofSeconds(60));
    }

    private PeerVerifier verifier(Instant now) {
        return new PeerVerifier(settings(), "eu-central-1", nonces, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Map<String, String> sign(
            KeyPair key, String region, Instant at, String method, String path, byte[] body) {
        return new PeerSigner(region, key.getPrivate(), Clock.fixed(at, ZoneOffset.UTC))
                .sign("eu-central-1", method, path, body);
    }

    private PeerVerifier.Reason verify(
            Instant now, Map<String, String> headers, String method, String path, byte[] body) {
        PeerVerifier.Verdict verdict =
                verifier(now).verify(method, path, headers::get, body).await().indefinitely();
        return verdict.refusal();
    }

    @Test
    void aSignedRequestIsAcceptedOnce() {
        Map<String, String> headers = sign(us, "us-east-1", NOW, "POST", "/v1/federation/x?a=1", BODY);
        assertNull(verify(NOW, headers, "POST", "/v1/federation/x?a=1", BODY));
        assertEquals(PeerVerifier.Reason.REPLAYED_NONCE, verify(NOW, headers, "POST", "/v1/federation/x?a=1", BODY));
    }

    @Test
    void tamperedPartsBreakTheSignature() {
        Map<String, String> headers = sign(us, "us-east-1", NOW, "POST", "/v1/federation/x?a=1", BODY);
        assertEquals(PeerVerifier.Reason.BAD_SIGNATURE, verify(NOW, headers, "PUT", "/v1/federation/x?a=1", BODY));
        assertEquals(PeerVerifier.Reason.BAD_SIGNATURE, verify(NOW, headers, "POST", "/v1/federation/y?a=1", BODY));
        assertEquals(PeerVerifier.Reason.BAD_SIGNATURE, verify(NOW, headers, "POST", "/v1/federation/x?a=2", BODY));
        assertEquals(
                PeerVerifier.Reason.DIGEST_MISMATCH,
                verify(NOW, headers, "POST", "/v1/federation/x?a=1", "{\"a\":2}".getBytes(StandardCharsets.UTF_8)));
        Map<String, String> laterStamp = new HashMap<>(headers);
        laterStamp.put(PeerSigner.TIMESTAMP, Long.toString(NOW.getEpochSecond() + 1));
        assertEquals(PeerVerifier.Reason.BAD_SIGNATURE, verify(NOW, laterStamp, "POST", "/v1/federation/x?a=1", BODY));
        Map<String, String> otherNonce = new HashMap<>(headers);
        otherNonce.put(PeerSigner.NONCE, "AAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(PeerVerifier.Reason.BAD_SIGNATURE, verify(NOW, otherNonce, "POST", "/v1/federation/x?a=1", BODY));
        // A new body with its own digest, but the signature of the old one.
        byte[] other = "{\"a\":2}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> newDigest = new HashMap<>(headers);
        newDigest.put(PeerSigner.CONTENT_DIGEST, PeerSigner.contentDigest(other));
        assertEquals(PeerVerifier.Reason.BAD_SIGNATURE, verify(NOW, newDigest, "POST", "/v1/federation/x?a=1", other));
        assertTrue(nonces.seen.isEmpty(), "no refused request claims a nonce");
    }

    @Test
    void anotherKeyOrRegionIsRefused() {
        assertEquals(
                PeerVerifier.Reason.BAD_SIGNATURE,
                verify(
                        NOW,
                        sign(stranger, "us-east-1", NOW, "GET", "/v1/federation/hello", new byte[0]),
                        "GET",
                        "/v1/federation/hello",
                        new byte[0]));
        assertEquals(
                PeerVerifier.Reason.UNKNOWN_REGION,
                verify(
                        NOW,
                        sign(us, "ap-south-1", NOW, "GET", "/v1/federation/hello", new byte[0]),
                        "GET",
                        "/v1/federation/hello",
                        new byte[0]));
        Map<String, String> headers = sign(us, "us-east-1", NOW, "GET", "/v1/federation/hello", new byte[0]);
        headers.remove(PeerSigner.SIGNATURE);
        assertEquals(
                PeerVerifier.Reason.MISSING_SIGNATURE,
                verify(NOW, headers, "GET", "/v1/federation/hello", new byte[0]));
    }

    @Test
    void aRequestForAnotherRegionIsRefused() {
        Map<String, String> headers = new PeerSigner("us-east-1", us.getPrivate(), Clock.fixed(NOW, ZoneOffset.UTC))
                .sign("ap-south-1", "GET", "/v1/federation/hello", new byte[0]);
        assertEquals(
                PeerVerifier.Reason.BAD_SIGNATURE, verify(NOW, headers, "GET", "/v1/federation/hello", new byte[0]));
    }

    @Test
    void timestampsOutsideTheSkewAreRefused() {
        String path = "/v1/federation/hello";
        assertEquals(
                PeerVerifier.Reason.STALE_TIMESTAMP,
                verify(
                        NOW,
                        sign(us, "us-east-1", NOW.minusSeconds(61), "GET", path, new byte[0]),
                        "GET",
                        path,
                        new byte[0]));
        assertEquals(
                PeerVerifier.Reason.STALE_TIMESTAMP,
                verify(
                        NOW,
                        sign(us, "us-east-1", NOW.plusSeconds(61), "GET", path, new byte[0]),
                        "GET",
                        path,
                        new byte[0]));
        assertNull(verify(
                NOW, sign(us, "us-east-1", NOW.minusSeconds(59), "GET", path, new byte[0]), "GET", path, new byte[0]));
    }

    @Test
    void federationOffRefusesEverything() {
        PeerVerifier off = new PeerVerifier(
                FederationSettings.parse(Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(60)),
                "eu-central-1",
                nonces,
                Clock.fixed(NOW, ZoneOffset.UTC));
        Map<String, String> headers = sign(us, "us-east-1", NOW, "GET", "/v1/federation/hello", new byte[0]);
        assertEquals(
                PeerVerifier.Reason.FEDERATION_OFF,
                off.verify("GET", "/v1/federation/hello", headers::get, new byte[0])
                        .await()
                        .indefinitely()
                        .refusal());
    }

    @Test
    void startUpFailsClosedNamingTheSettingNeverTheValue() {
        String secret = b64(eu.getPrivate().getEncoded());
        IllegalStateException noKey = assertThrows(
                IllegalStateException.class,
                () -> FederationSettings.parse(
                        Optional.of("us-east-1=https://chat-us.example.com"),
                        Optional.empty(),
                        Optional.empty(),
                        Duration.ofSeconds(60)));
        assertTrue(noKey.getMessage().contains("charter.federation.private-key"));
        assertTrue(noKey.getMessage().contains("charter.federation.peer-keys has no key for peer us-east-1"));
        IllegalStateException badKey = assertThrows(
                IllegalStateException.class,
                () -> FederationSettings.parse(
                        Optional.of("us-east-1=https://chat-us.example.com"),
                        Optional.of(secret.substring(3)),
                        Optional.of("us-east-1=" + secret),
                        Duration.ofSeconds(60)));
        assertTrue(badKey.getMessage().contains("charter.federation.private-key is not"));
        assertTrue(badKey.getMessage().contains("the key of us-east-1 is not"));
        assertFalse(badKey.getMessage().contains(secret.substring(3, 20)));
        IllegalStateException plainHttp = assertThrows(
                IllegalStateException.class,
                () -> FederationSettings.parse(
                        Optional.of("us-east-1=http://chat-us.example.com"),
                        Optional.of(secret),
                        Optional.of("us-east-1=" + b64(us.getPublic().getEncoded())),
                        Duration.ofSeconds(60)));
        assertTrue(plainHttp.getMessage().contains("must be https"));
        assertFalse(
                FederationSettings.parse(Optional.of(" "), Optional.empty(), Optional.empty(), Duration.ofSeconds(60))
                        .enabled());
    }

    static final class MemoryNonces implements NonceStore {
        final Set<String> seen = new HashSet<>();

        @Override
        public Uni<Boolean> claim(String region, String nonce, Instant seenAt) {
            return Uni.createFrom().item(seen.add(region + "/" + nonce));
        }

        @Override
        public Uni<Void> prune(Instant cutoff) {
            return Uni.createFrom().voidItem();
        }
    }
}
