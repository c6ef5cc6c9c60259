package dev.charter.crypto;

import io.quarkus.runtime.LaunchMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Loads the local provider's master key. Outside dev the key must be configured; in dev it is generated
 * once into a file readable by its owner only. The key itself is never logged.
 */
final class MasterKeySource {

    private MasterKeySource() {}

    /** Every configured master key by version: the current one and those not yet retired. */
    static LocalKeyProvider provider(KeyConfig.Local config, LaunchMode mode) {
        java.util.Map<Integer, SecretKey> keys = new java.util.HashMap<>();
        for (String entry : config.previousMasterKeys().orElse(java.util.List.of())) {
            String[] parts = entry.split(":", 2);
            if (parts.length != 2) {
                throw new IllegalStateException("charter.keys.local.previous-master-keys entries look like 1:<base64>");
            }
            keys.put(Integer.parseInt(parts[0].trim()), decode(parts[1], "charter.keys.local.previous-master-keys"));
        }
        keys.put(config.masterKeyVersion(), load(config, mode));
        return new LocalKeyProvider(keys, config.masterKeyVersion());
    }

    static SecretKey load(KeyConfig.Local config, LaunchMode mode) {
        if (config.masterKey().isPresent()) {
            return decode(config.masterKey().get(), "charter.keys.local.master-key");
        }
        if (mode != LaunchMode.DEVELOPMENT) {
            throw new IllegalStateException("charter.keys.local.master-key is required (base64 of 32 random bytes, "
                    + "e.g. `openssl rand -base64 32`)");
        }
        Path file = Path.of(config.devKeyFile());
        try {
            return decode(
                    SecretFile.readOrCreate(
                            file,
                            () -> {
                                byte[] key = new byte[32];
                                new SecureRandom().nextBytes(key);
                                return Base64.getEncoder().encodeToString(key);
                            },
                            "dev master key"),
                    file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the dev master key file " + file, e);
        }
    }

    private static SecretKey decode(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(source + " must hold 32 bytes (AES-256), it holds " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
