package dev.charter.crypto;

import dev.charter.audit.MasterKeyDerivation;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives keys from {@code charter.keys.local.master-key} as configured, whatever the key provider: audit
 * checkpoints are signed with such a key when {@code charter.audit.checkpoint-key} is unset.
 */
@Singleton
class LocalMasterKeyDerivation implements MasterKeyDerivation {

    private static final String NAME = "charter.keys.local.master-key";

    private final KeyConfig config;

    LocalMasterKeyDerivation(KeyConfig config) {
        this.config = config;
    }

    @Override
    public Optional<byte[]> derive(String label) {
        return config.local().masterKey().map(base64 -> hmac(decode(base64), label));
    }

    private static byte[] decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64.trim());
            if (bytes.length < 32) {
                throw new IllegalStateException(NAME + " must hold at least 32 bytes");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(NAME + " is not valid base64");
        }
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
