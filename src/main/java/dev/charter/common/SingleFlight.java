package dev.charter.common;

import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Concurrent lookups of the same key share one call. A cache entry on a per-message path expires while the
 * user is busy: without this, every message in flight at that moment (a group commit releases hundreds of acks
 * at once) asks the database the same question, and under load the pool's queue grows faster than it drains.
 */
public final class SingleFlight<K, V> {

    private final Map<K, Uni<V>> inFlight = new ConcurrentHashMap<>();

    /** The result of {@code lookup(key)}, shared with every caller that asks while it is under way. */
    public Uni<V> get(K key, Function<K, Uni<V>> lookup) {
        return Uni.createFrom()
                .deferred(() -> inFlight.computeIfAbsent(key, k -> {
                    @SuppressWarnings("unchecked")
                    Uni<V>[] self = new Uni[1];
                    self[0] = lookup.apply(k)
                            .onTermination()
                            .invoke(() -> inFlight.remove(k, self[0]))
                            .memoize()
                            .indefinitely();
                    return self[0];
                }));
    }

    /**
     * Callers from now on start a new lookup for {@code key} (its cached answer was just invalidated: joining a
     * lookup that started before the change could hand them the old answer). {@code null}: every key.
     */
    public void forget(K key) {
        if (key == null) {
            inFlight.clear();
        } else {
            inFlight.remove(key);
        }
    }

    /** Lookups under way (for tests and metrics). */
    public int inFlight() {
        return inFlight.size();
    }
}
