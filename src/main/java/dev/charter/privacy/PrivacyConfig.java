package dev.charter.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code charter.privacy.*}: erasure resumption. Retention has its own prefix ({@link RetentionConfig}): one
 * mapping on {@code charter} for both would claim every {@code charter.*} key.
 */
@ConfigMapping(prefix = "charter.privacy")
public interface PrivacyConfig {

    /** How often erasures left open by a failed run are run again; {@code 0}: never. */
    @WithDefault("1m")
    Duration erasureResumeInterval();
}
