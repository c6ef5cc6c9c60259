package dev.charter.crypto;

import dev.charter.audit.MasterKeyDerivation;
import dev.charter.common.SecretKeys;
import jakarta.inject.Singleton;
import java.util.Optional;

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
        return config.local()
                .masterKey()
                .map(base64 -> SecretKeys.hmacSha256(SecretKeys.decodeBase64(base64, NAME), label));
    }
}
