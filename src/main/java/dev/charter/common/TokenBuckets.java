package dev.charter.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key (a user id) on this instance: {@code perSecond} sustained, {@code burst} at once.
 * Memory is bounded: past {@link #MAX_TRACKED_KEYS} keys every bucket starts full again, which only ever
 * errs towards letting a caller through.
 */
public final class TokenBuckets {

    static final int MAX_TRACKED_KEYS = 500_000;

    private final double ratePerNano;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(double perSecond, double burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and a burst of at least 1");
        }
        this.ratePerNano = perSecond / 1e9;
        this.burst = burst;
    }

    /** Takes one token for {@code key}; false when its bucket is empty. */
    public boolean tryAcquire(String key) {
        return nanosUntilToken(key) == 0;
    }

    /** Takes one token and answers 0, or takes nothing and answers how long until a token is there. */
    public long nanosUntilToken(String key) {
        if (buckets.size() > MAX_TRACKED_KEYS) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(burst)).take(ratePerNano, burst, System.nanoTime());
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt = System.nanoTime();

        Bucket(double tokens) {
            this.tokens = tokens;
        }

        synchronized long take(double ratePerNano, double burst, long now) {
            tokens = Math.min(burst, tokens + (now - updatedAt) * ratePerNano);
            updatedAt = now;
            if (tokens < 1) {
                return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano));
            }
            tokens -= 1;
            return 0;
        }
    }
}
