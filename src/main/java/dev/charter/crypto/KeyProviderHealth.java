package dev.charter.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness includes the key provider: without the master key no new month key can be made. A good result
 * is kept for 30 s so probes do not turn into a stream of KMS calls, unless a real call (a new month key,
 * an unwrap) failed since: then the next probe checks again. A bad result is re-checked on every probe, so
 * readiness comes back by itself once the provider does.
 */
@Readiness
@ApplicationScoped
class KeyProviderHealth implements HealthCheck {

    private static final long TTL_NANOS = 30_000_000_000L;

    private final KeyProvider provider;
    private volatile long checkedAt;
    private volatile String failure = "not checked";
    private volatile long failuresSeen;

    KeyProviderHealth(KeyProvider provider) {
        this.provider = provider;
    }

    @Override
    public HealthCheckResponse call() {
        long now = System.nanoTime();
        long failures = provider instanceof MeteredKeyProvider metered ? metered.failures() : 0;
        if (failure != null || now - checkedAt > TTL_NANOS || failures != failuresSeen) {
            failuresSeen = failures;
            try {
                provider.check();
                failure = null;
            } catch (RuntimeException e) {
                failure = e.getClass().getSimpleName();
            }
            checkedAt = now;
        }
        return HealthCheckResponse.named("key-provider")
                .status(failure == null)
                .withData("provider", provider.name())
                .withData("error", failure == null ? "" : failure)
                .build();
    }
}
