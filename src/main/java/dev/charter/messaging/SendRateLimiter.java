package dev.charter.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Token bucket per user on this instance: {@code sendsPerSecond} sustained, {@code sendBurst} at once. */
@ApplicationScoped
class SendRateLimiter {

    private static final int MAX_TRACKED_USERS = 500_000;

    private final double ratePerNano;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    SendRateLimiter(WsConfig config) {
        this.ratePerNano = config.sendsPerSecond() / 1e9;
        this.burst = config.sendBurst();
    }

    boolean tryAcquire(String user) {
        if (buckets.size() > MAX_TRACKED_USERS) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(user, u -> new Bucket(burst)).take(ratePerNano, burst);
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt = System.nanoTime();

        Bucket(double tokens) {
            this.tokens = tokens;
        }

        synchronized boolean take(double ratePerNano, double burst) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - updatedAt) * ratePerNano);
            updatedAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
