package dev.charter.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code charter.rest.rate-limit.*}: REST calls per authenticated user on this instance. */
@ConfigMapping(prefix = "charter.rest.rate-limit")
public interface RestRateLimitConfig {

    /** Sustained calls per second per user. */
    @WithDefault("20")
    double perSecond();

    /** Calls a user may make at once above the sustained rate. */
    @WithDefault("50")
    int burst();
}
