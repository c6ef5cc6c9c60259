package dev.charter.federation;

import dev.charter.jurisdiction.RegionConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Checks a request a peer region signed with {@link PeerSigner}: federation on, all headers present, a peer
 * region this deployment knows, the body matching its digest, the signature valid under that region's pinned
 * key, the timestamp within the clock skew, and the nonce never used before (claimed in {@link NonceStore},
 * which every instance shares). The first failed check names the refusal; nothing else about it is kept.
 */
@ApplicationScoped
public class PeerVerifier {

    /** Why a request was refused; these names go into the audit log. */
    public enum Reason {
        FEDERATION_OFF("federation_off"),
        MISSING_SIGNATURE("missing_signature"),
        UNKNOWN_REGION("unknown_region"),
        DIGEST_MISMATCH("digest_mismatch"),
        BAD_SIGNATURE("bad_signature"),
        STALE_TIMESTAMP("stale_timestamp"),
        REPLAYED_NONCE("replayed_nonce");

        public final String code;

        Reason(String code) {
            this.code = code;
        }
    }

    /** {@code region} is the region the request claims (null when it claims none); verified only if accepted. */
    public record Verdict(String region, Reason refusal) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    private final FederationSettings settings;
    private final String thisRegion;
    private final NonceStore nonces;
    private final Clock clock;
    private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.EPOCH);

    @Inject
    PeerVerifier(FederationKeys keys, RegionConfig region, NonceStore nonces, Clock clock) {
        this(keys.settings(), region.region(), nonces, clock);
    }

    public PeerVerifier(FederationSettings settings, String thisRegion, NonceStore nonces, Clock clock) {
        this.settings = settings;
        this.thisRegion = thisRegion;
        this.nonces = nonces;
        this.clock = clock;
    }

    /** {@code header} answers a request header by name (null when absent); {@code body} is empty, never null. */
    public Uni<Verdict> verify(String method, String pathAndQuery, Function<String, String> header, byte[] body) {
        String region = header.apply(PeerSigner.REGION);
        if (!settings.enabled()) {
            return refuse(region, Reason.FEDERATION_OFF);
        }
        String timestampText = header.apply(PeerSigner.TIMESTAMP);
        String nonce = header.apply(PeerSigner.NONCE);
        String digest = header.apply(PeerSigner.CONTENT_DIGEST);
        String signature = header.apply(PeerSigner.SIGNATURE);
        if (region == null || timestampText == null || nonce == null || digest == null || signature == null) {
            return refuse(region, Reason.MISSING_SIGNATURE);
        }
        PublicKey key = settings.peerKeys().get(region);
        if (key == null) {
            return refuse(region, Reason.UNKNOWN_REGION);
        }
        if (!MessageDigest.isEqual(
                PeerSigner.contentDigest(body).getBytes(StandardCharsets.US_ASCII),
                digest.getBytes(StandardCharsets.US_ASCII))) {
            return refuse(region, Reason.DIGEST_MISMATCH);
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText);
        } catch (NumberFormatException e) {
            return refuse(region, Reason.MISSING_SIGNATURE);
        }
        if (nonce.length() > 128) {
            return refuse(region, Reason.MISSING_SIGNATURE);
        }
        String canonical = PeerSigner.canonical(method, pathAndQuery, region, thisRegion, timestamp, nonce, digest);
        if (!valid(key, canonical, signature)) {
            return refuse(region, Reason.BAD_SIGNATURE);
        }
        Instant now = clock.instant();
        Duration skew = settings.maxClockSkew();
        if (Math.abs(now.getEpochSecond() - timestamp) > skew.toSeconds()) {
            return refuse(region, Reason.STALE_TIMESTAMP);
        }
        return nonces.claim(region, nonce, now)
                .flatMap(fresh -> fresh
                        ? pruneNowAndThen(now, skew).replaceWith(new Verdict(region, null))
                        : refuse(region, Reason.REPLAYED_NONCE));
    }

    /**
     * At most once per skew period per instance: deletes nonces older than twice the skew, whose requests the
     * timestamp check refuses anyway. A failure leaves them for the next time.
     */
    private Uni<Void> pruneNowAndThen(Instant now, Duration skew) {
        Instant last = lastPrune.get();
        if (last.plus(skew).isAfter(now) || !lastPrune.compareAndSet(last, now)) {
            return Uni.createFrom().voidItem();
        }
        return nonces.prune(now.minus(skew.multipliedBy(2)))
                .onFailure()
                .recoverWithUni(e -> Uni.createFrom().voidItem());
    }

    private static Uni<Verdict> refuse(String region, Reason reason) {
        return Uni.createFrom().item(new Verdict(region, reason));
    }

    private static boolean valid(PublicKey key, String canonical, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(canonical.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
