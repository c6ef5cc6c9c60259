package dev.charter.common;

import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Answers from the database kept in memory for a while, for per-message paths (a user's status, consents,
 * suspension; a conversation's members).
 * <p>
 * An invalidation wins over a lookup that was already under way: that lookup read the database before the
 * change, so its answer goes to the callers that asked before the change but is not kept. Without this, a
 * member removed from a group, a withdrawn consent or a suspension could be undone in memory by a lookup that
 * finished a moment after the invalidation, until the entry expired (and membership entries do not expire).
 * Concurrent callers of the same key share one lookup ({@link SingleFlight}).
 */
public final class LookupCache<K, V> {

    /** Changes are counted per stripe of keys: bounded memory, and a lookup rarely overlaps an unrelated change. */
    private static final int STRIPES = 64;

    private record Entry<V>(V value, long storedAt) {}

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLongArray changes = new AtomicLongArray(STRIPES);
    private final SingleFlight<K, V> lookups = new SingleFlight<>();
    private final long ttlMillis;
    private final int maxEntries;
    private final LongSupplier clock;

    /**
     * @param ttlMillis how long an answer is used ({@link Long#MAX_VALUE}: until invalidated)
     * @param maxEntries past this many keys the cache starts over (a bound on memory, not an LRU)
     * @param clock milliseconds
     */
    public LookupCache(long ttlMillis, int maxEntries, LongSupplier clock) {
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    public LookupCache(long ttlMillis, int maxEntries) {
        this(ttlMillis, maxEntries, System::currentTimeMillis);
    }

    /** The kept answer, or null when there is none or it has expired. */
    public V cached(K key) {
        Entry<V> entry = entries.get(key);
        return entry != null && clock.getAsLong() - entry.storedAt() < ttlMillis ? entry.value() : null;
    }

    /**
     * The kept answer, else the result of {@code lookup(key)} (shared with concurrent callers), kept unless it
     * is null or the key changed while it ran.
     */
    public Uni<V> get(K key, Function<K, Uni<V>> lookup) {
        V cached = cached(key);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return lookups.get(key, k -> {
            long before = changes.get(stripe(k));
            return lookup.apply(k).invoke(answer -> keepUnlessChanged(k, answer, before));
        });
    }

    /** A new answer known without a lookup (written through by the change itself). */
    public void put(K key, V value) {
        changes.incrementAndGet(stripe(key));
        store(key, value);
    }

    /** The key's answer changed: drop it, and do not keep what a lookup under way brings back. */
    public void invalidate(K key) {
        changes.incrementAndGet(stripe(key));
        entries.remove(key);
        lookups.forget(key);
    }

    public void invalidateAll() {
        for (int i = 0; i < STRIPES; i++) {
            changes.incrementAndGet(i);
        }
        entries.clear();
        lookups.forget(null);
    }

    private void keepUnlessChanged(K key, V answer, long changesBefore) {
        int stripe = stripe(key);
        if (answer == null || changes.get(stripe) != changesBefore) {
            return;
        }
        Entry<V> kept = store(key, answer);
        // A change that came between the check and the store: it has either removed this entry already or
        // removes it now.
        if (changes.get(stripe) != changesBefore) {
            entries.remove(key, kept);
        }
    }

    private Entry<V> store(K key, V value) {
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        Entry<V> entry = new Entry<>(value, clock.getAsLong());
        entries.put(key, entry);
        return entry;
    }

    private static int stripe(Object key) {
        return (key.hashCode() & 0x7fffffff) % STRIPES;
    }
}
