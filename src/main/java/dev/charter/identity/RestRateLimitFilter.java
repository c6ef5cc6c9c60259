package dev.charter.identity;

import dev.charter.common.ErrorCodes;
import dev.charter.common.Problem;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Per-user token bucket for REST calls, after {@link IdentityFilter} has authenticated and admitted the
 * caller (so a refused or anonymous request never costs anyone a token). Over the limit: 429
 * {@code rate_limited} with {@code Retry-After} in whole seconds.
 */
@Singleton
public class RestRateLimitFilter {

    // Filters are built at static init, before runtime configuration exists: both are client proxies.
    private final RestRateLimiter limiter;
    private final Caller caller;

    RestRateLimitFilter(RestRateLimiter limiter, Caller caller) {
        this.limiter = limiter;
        this.caller = caller;
    }

    @ServerRequestFilter(priority = Priorities.USER + 10)
    public Response limit() {
        CurrentUser user = caller.userOrNull();
        if (user == null) {
            return null;
        }
        long wait = limiter.nanosUntilAllowed(user.id());
        if (wait == 0) {
            return null;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1));
        return Response.fromResponse(Problem.of(
                                429,
                                ErrorCodes.RATE_LIMITED,
                                "Too many requests; retry after the number of seconds in Retry-After.",
                                Map.of())
                        .toResponse())
                .header("Retry-After", null)
                .header("Retry-After", String.valueOf(seconds))
                .build();
    }
}
