package dev.charter.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code charter.messaging.*}: tuning of the durable write path. */
@ConfigMapping(prefix = "charter.messaging")
public interface MessagingConfig {

    /**
     * Parallel group-commit writers. A conversation always maps to the same lane, so its sends are
     * committed and delivered in order while other conversations commit beside it.
     */
    @WithDefault("4")
    int writerLanes();

    /** Most sends one transaction commits together. */
    @WithDefault("256")
    int maxBatch();
}
