package dev.charter.crypto;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens message bodies with AES-256-GCM (JDK provider), a random 96-bit nonce per message and
 * {@link MessageAad} as additional data. This first version encrypts under the local master key directly;
 * per-author monthly data keys wrapped by KMS replace its inside without changing its callers.
 */
@ApplicationScoped
public class MessageCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Key version 0 = the local master key itself (before envelope encryption). */
    private static final int MASTER_KEY_VERSION = 0;

    private final SecretKey key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public MessageCipher(KeyConfig config, Clock clock) {
        if (!"local".equals(config.provider())) {
            throw new IllegalStateException("charter.keys.provider=" + config.provider()
                    + " is not available in this build yet; set charter.keys.provider=local");
        }
        this.key = MasterKeySource.load(config.local(), LaunchMode.current());
        this.clock = clock;
    }

    /** The key epoch (yyyymm, UTC) a message sent now belongs to. */
    public int currentEpoch() {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        return now.getYear() * 100 + now.getMonthValue();
    }

    public SealedText seal(byte[] plaintext, byte[] aad, int epoch) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return new SealedText(epoch, MASTER_KEY_VERSION, nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The plaintext, or null when the ciphertext does not authenticate (altered, moved or wrong key). */
    public byte[] open(SealedText sealed, byte[] aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed.ciphertext());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
