package dev.charter.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code charter.retention.*}: the retention sweep. */
@ConfigMapping(prefix = "charter.retention")
public interface RetentionConfig {

    /** How often the retention sweep runs; {@code 0}: only on demand. */
    @WithDefault("1h")
    Duration sweepInterval();

    /** Rows or keys per batch of a sweep. */
    @WithDefault("1000")
    int batchSize();
}
