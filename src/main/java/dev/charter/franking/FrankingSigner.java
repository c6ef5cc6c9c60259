package dev.charter.franking;

import dev.charter.crypto.ReceiptSigner;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Countersigns franking commitments with the server's Ed25519 signing key (the one that signs deletion receipts,
 * {@code charter.keys.receipt.private-key}; the {@link Franking#CONTEXT} prefix keeps the two kinds of signed
 * message apart) and verifies them under the current key or a retired one ({@code charter.franking.retired-keys}).
 */
@ApplicationScoped
public class FrankingSigner {

    public static final String ALGORITHM = "Ed25519";

    /** A key as published: its id, the base64 X.509 public key, and whether new messages are signed with it. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record PublishedKey(String keyId, String algorithm, String publicKey, boolean current) {}

    private final ReceiptSigner signer;
    private final String currentKeyId;
    private final Map<String, PublicKey> keys = new LinkedHashMap<>();
    private final List<PublishedKey> published = new ArrayList<>();

    FrankingSigner(ReceiptSigner signer, FrankingConfig config) {
        this.signer = signer;
        byte[] current = signer.publicKeyEncoded();
        this.currentKeyId = keyIdOf(current);
        add(current, true);
        for (String retired : config.retiredKeys().orElse(List.of())) {
            try {
                add(Base64.getDecoder().decode(retired.trim()), false);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("charter.franking.retired-keys: not base64 X.509 Ed25519 public keys");
            }
        }
    }

    private void add(byte[] encoded, boolean isCurrent) {
        String id = keyIdOf(encoded);
        if (keys.containsKey(id)) {
            return;
        }
        try {
            keys.put(id, KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("charter.franking.retired-keys: not base64 X.509 Ed25519 public keys");
        }
        published.add(new PublishedKey(id, ALGORITHM, Base64.getEncoder().encodeToString(encoded), isCurrent));
    }

    /** The first 16 hex digits of the SHA-256 of the X.509 encoding (a prefix of the receipt key's fingerprint). */
    static String keyIdOf(byte[] encodedPublicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(encodedPublicKey);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Countersignature countersign(byte[] commitment, String sender, UUID conversation, long seq, Instant sentAt) {
        byte[] message = Franking.signedMessage(commitment, sender, conversation, seq, sentAt);
        return new Countersignature(commitment, signer.signBytes(message), currentKeyId);
    }

    /** True when {@code signature} is a signature by the key {@code keyId} (current or retired) over the message. */
    public boolean verify(
            String keyId,
            byte[] signature,
            byte[] commitment,
            String sender,
            UUID conversation,
            long seq,
            Instant sentAt) {
        PublicKey key = keys.get(keyId);
        if (key == null || commitment.length != Franking.COMMITMENT_BYTES) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(Franking.signedMessage(commitment, sender, conversation, seq, sentAt));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    public List<PublishedKey> published() {
        return List.copyOf(published);
    }
}
