package dev.charter.franking;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Franking keys beyond the current one. */
@ConfigMapping(prefix = "charter.franking")
public interface FrankingConfig {

    /**
     * Public keys (base64 X.509 Ed25519) of signing keys rotated away: countersignatures made under them still
     * verify in reports and are published next to the current key.
     */
    Optional<List<String>> retiredKeys();
}
