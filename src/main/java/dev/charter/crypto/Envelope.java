package dev.charter.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The stored form of a message body: {@code ciphertext = FORMAT(1 byte) || AES-256-GCM(body) || tag(16)}
 * under the author's monthly data key, a random 96-bit nonce (its own column), and {@link MessageAad} as
 * additional data. The format byte lets a later version change the layout without guessing.
 */
public final class Envelope {

    public static final byte FORMAT_V1 = 1;
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /**
     * Created on first use, never in a static initialiser: a native image initialises classes at build time, and a
     * SecureRandom seeded then would be stored in the image and hand every process the same nonces.
     */
    private static volatile SecureRandom random;
    /**
     * One AES-GCM cipher per thread, initialised afresh (key and nonce) for every message: looking a cipher
     * up for each message cost more than the encryption. The cipher holds the last key it was given (its round
     * keys, and for encryption a copy to refuse key and nonce reuse) until it is given the next: zeroing a
     * destroyed key is best effort for process memory. Data keys reach it as {@link LentKey}, so no other copy
     * outlives a call.
     */
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    });

    private Envelope() {}

    public static byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        random().nextBytes(nonce);
        return nonce;
    }

    private static SecureRandom random() {
        SecureRandom r = random;
        if (r == null) {
            synchronized (Envelope.class) {
                r = random;
                if (r == null) {
                    r = new SecureRandom();
                    random = r;
                }
            }
        }
        return r;
    }

    public static byte[] seal(SecretKey key, byte[] nonce, byte[] plaintext, byte[] aad) {
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] out = new byte[1 + cipher.getOutputSize(plaintext.length)];
            out[0] = FORMAT_V1;
            cipher.doFinal(plaintext, 0, plaintext.length, out, 1);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The plaintext, or null when the envelope does not authenticate (altered, moved, wrong key or format). */
    public static byte[] open(SecretKey key, byte[] nonce, byte[] envelope, byte[] aad) {
        if (envelope.length < 1 + TAG_BITS / 8 || envelope[0] != FORMAT_V1 || nonce.length != NONCE_BYTES) {
            return null;
        }
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(envelope, 1, envelope.length - 1);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
