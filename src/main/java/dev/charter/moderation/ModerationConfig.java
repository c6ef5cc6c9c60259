package dev.charter.moderation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code charter.moderation.*}. */
@ConfigMapping(prefix = "charter.moderation")
public interface ModerationConfig {

    /**
     * Most reports one user may have open at once; past it a new report gets {@code 429 rate_limited}, so one
     * account cannot bury the moderators' queue.
     */
    @WithDefault("30")
    int maxOpenReports();
}
