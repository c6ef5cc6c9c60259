package dev.charter.messaging.ws;

import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts unknown or malformed frames per connection in a sliding window; past the limit: close 1008. */
@Singleton
class BadFrameBudget {

    private final int limit;
    private final long windowNanos;
    private final Map<String, Deque<Long>> recent = new ConcurrentHashMap<>();

    BadFrameBudget(WsConfig config) {
        this.limit = config.badFrameLimit();
        this.windowNanos = config.badFrameWindow().toNanos();
    }

    /** Records one bad frame; true when the connection has now sent more than the limit in the window. */
    boolean exhausted(String connectionId) {
        long now = System.nanoTime();
        Deque<Long> times = recent.computeIfAbsent(connectionId, id -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (!times.isEmpty() && now - times.peekFirst() > windowNanos) {
                times.pollFirst();
            }
            return times.size() > limit;
        }
    }

    void forget(String connectionId) {
        recent.remove(connectionId);
    }
}
