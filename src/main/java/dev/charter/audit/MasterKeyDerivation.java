package dev.charter.audit;

import java.util.Optional;

/**
 * Keys derived from the local master key ({@code charter.keys.local.master-key}), so the master key itself
 * never leaves the crypto feature, which owns it and implements this.
 */
public interface MasterKeyDerivation {

    /** {@code HMAC-SHA256(master key, label)}; empty when no local master key is configured. */
    Optional<byte[]> derive(String label);
}
