package dev.charter.identity;

import dev.charter.common.TokenBuckets;
import jakarta.enterprise.context.ApplicationScoped;

/** The per-user buckets behind {@link RestRateLimitFilter}, sized by {@link RestRateLimitConfig}. */
@ApplicationScoped
class RestRateLimiter {

    private final TokenBuckets buckets;

    RestRateLimiter(RestRateLimitConfig config) {
        this.buckets = new TokenBuckets(config.perSecond(), config.burst());
    }

    /** 0 when the call may go ahead (a token is taken), else nanoseconds until the next token. */
    long nanosUntilAllowed(String user) {
        return buckets.nanosUntilToken(user);
    }
}
