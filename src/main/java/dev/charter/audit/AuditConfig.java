package dev.charter.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code charter.audit.*}: how checkpoints of the audit chain are signed and how often they are written. */
@ConfigMapping(prefix = "charter.audit")
public interface AuditConfig {

    /**
     * Base64 of at least 32 bytes: the HMAC key that signs checkpoint heads. Unset: a key derived from
     * {@code charter.keys.local.master-key} (see {@link MasterKeyDerivation}). Required with
     * {@code charter.keys.provider=aws-kms} ({@code common/RequiredSettings} stops the start without it).
     */
    Optional<String> checkpointKey();

    /** How often the events since the last checkpoint go to the external sink. */
    @WithDefault("5m")
    Duration checkpointInterval();
}
