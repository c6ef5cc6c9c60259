package dev.charter.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Lets one event per key through per interval and drops the rest; memory stays bounded by forgetting old keys. */
public final class Throttle {

    private final long intervalNanos;
    private final int maxKeys;
    private final Map<Object, Long> lastPassed = new ConcurrentHashMap<>();

    public Throttle(Duration interval, int maxKeys) {
        this.intervalNanos = interval.toNanos();
        this.maxKeys = maxKeys;
    }

    /** True when the key's previous event passed at least an interval ago (or never). */
    public boolean tryPass(Object key) {
        long now = System.nanoTime();
        if (lastPassed.size() >= maxKeys) {
            lastPassed.values().removeIf(at -> now - at >= intervalNanos);
        }
        boolean[] passed = {false};
        lastPassed.compute(key, (k, at) -> {
            if (at == null || now - at >= intervalNanos) {
                passed[0] = true;
                return now;
            }
            return at;
        });
        return passed[0];
    }
}
