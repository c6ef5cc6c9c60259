package dev.charter.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code charter.privacy.*}: erasure resumption and the cap on open requests. Retention has its own prefix ({@link RetentionConfig}): one
 * mapping on {@code charter} for both would claim every {@code charter.*} key.
 */
@ConfigMapping(prefix = "charter.privacy")
public interface PrivacyConfig {

    /** How often erasures left open by a failed run are run again; {@code 0}: never. */
    @WithDefault("1m")
    Duration erasureResumeInterval();

    /**
     * Most requests one user may have open at once; past it a new one gets {@code 429 rate_limited}. A repeat of
     * an open erasure or restriction, or of another open request with the same details, is not counted: it is
     * answered with the open request.
     */
    @WithDefault("10")
    int maxOpenRequests();

    /** Data exports written at once per instance (one per data subject in any case). */
    @WithDefault("4")
    int maxConcurrentExports();
}
