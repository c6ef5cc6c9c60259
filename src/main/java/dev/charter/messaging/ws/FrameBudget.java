package dev.charter.messaging.ws;

import dev.charter.common.TokenBuckets;
import dev.charter.messaging.ClientFrame;
import jakarta.inject.Singleton;

/**
 * Token bucket per user on this instance for the frames that cost the server a query or a transaction besides
 * sends ({@code sync}, {@code read}, {@code edit}, {@code unsend}): {@code charter.ws.frames-per-second}
 * sustained, {@code charter.ws.frame-burst} at once. Sends have their own budget ({@link SendRateLimiter}),
 * typing its own throttle, and a ping costs nothing.
 */
@Singleton
class FrameBudget {

    private final TokenBuckets buckets;

    FrameBudget(WsConfig config) {
        this.buckets = new TokenBuckets(config.framesPerSecond(), config.frameBurst());
    }

    /** True when the frame may run now; false when the user has spent their budget. */
    boolean allows(String user, ClientFrame frame) {
        return switch (frame) {
            case ClientFrame.Sync s -> buckets.tryAcquire(user);
            case ClientFrame.Read r -> buckets.tryAcquire(user);
            case ClientFrame.Edit e -> buckets.tryAcquire(user);
            case ClientFrame.Unsend u -> buckets.tryAcquire(user);
            case ClientFrame.Send s -> true;
            case ClientFrame.Ping p -> true;
            case ClientFrame.Typing t -> true;
        };
    }
}
