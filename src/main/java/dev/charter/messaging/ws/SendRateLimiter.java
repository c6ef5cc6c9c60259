package dev.charter.messaging.ws;

import dev.charter.common.TokenBuckets;
import jakarta.inject.Singleton;

/** Token bucket per user on this instance: {@code sendsPerSecond} sustained, {@code sendBurst} at once. */
@Singleton
class SendRateLimiter {

    private final TokenBuckets buckets;

    SendRateLimiter(WsConfig config) {
        this.buckets = new TokenBuckets(config.sendsPerSecond(), config.sendBurst());
    }

    boolean tryAcquire(String user) {
        return buckets.tryAcquire(user);
    }
}
