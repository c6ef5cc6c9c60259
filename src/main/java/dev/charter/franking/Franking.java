package dev.charter.franking;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message franking (committing encryption in the style of Grubbs, Lu and Ristenpart, 2017): the byte layouts
 * both sides compute. The sender commits to the plaintext with {@code HMAC-SHA256(kf, plaintext)} under a fresh
 * franking key {@code kf} that travels inside the ciphertext; the server countersigns the commitment with what
 * it alone vouches for: who sent it, where, at which seq and when ({@link #signedMessage}).
 */
public final class Franking {

    public static final int COMMITMENT_BYTES = 32;
    public static final int KEY_BYTES = 32;
    /** Domain separation: no other message the server signs starts with these bytes. */
    static final byte[] CONTEXT = "charter.franking.v1\0".getBytes(StandardCharsets.US_ASCII);

    private Franking() {}

    /**
     * What the server signs: {@code "charter.franking.v1" 0x00 || commitment (32) || conversation (16, UUID
     * big-endian) || seq (8, big-endian) || sentAt (8, big-endian microseconds since the epoch) || length of
     * sender (2, big-endian) || sender (UTF-8)}.
     */
    public static byte[] signedMessage(byte[] commitment, String sender, UUID conversation, long seq, Instant sentAt) {
        if (commitment.length != COMMITMENT_BYTES) {
            throw new IllegalArgumentException("a commitment is " + COMMITMENT_BYTES + " bytes");
        }
        byte[] senderBytes = sender.getBytes(StandardCharsets.UTF_8);
        if (senderBytes.length > 0xFFFF) {
            throw new IllegalArgumentException("sender id too long");
        }
        return ByteBuffer.allocate(CONTEXT.length + COMMITMENT_BYTES + 16 + 8 + 8 + 2 + senderBytes.length)
                .put(CONTEXT)
                .put(commitment)
                .putLong(conversation.getMostSignificantBits())
                .putLong(conversation.getLeastSignificantBits())
                .putLong(seq)
                .putLong(ChronoUnit.MICROS.between(Instant.EPOCH, sentAt))
                .putShort((short) senderBytes.length)
                .put(senderBytes)
                .array();
    }

    /** {@code HMAC-SHA256(key, plaintext) == commitment}, compared in constant time. */
    public static boolean commits(byte[] key, byte[] plaintext, byte[] commitment) {
        if (key.length != KEY_BYTES || commitment.length != COMMITMENT_BYTES) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return MessageDigest.isEqual(mac.doFinal(plaintext), commitment);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Base64url (padding optional) of exactly {@code size} bytes; {@link IllegalArgumentException} otherwise. */
    public static byte[] decode(String base64url, int size) {
        byte[] bytes = decode(base64url);
        if (bytes.length != size) {
            throw new IllegalArgumentException("expected " + size + " bytes");
        }
        return bytes;
    }

    /** Base64url, padding optional; {@link IllegalArgumentException} for anything else. */
    public static byte[] decode(String base64url) {
        if (base64url == null) {
            throw new IllegalArgumentException("missing");
        }
        return Base64.getUrlDecoder().decode(base64url);
    }

    /** Base64url without padding, as every franking field is written. */
    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
