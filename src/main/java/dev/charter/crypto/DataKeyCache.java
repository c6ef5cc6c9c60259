package dev.charter.crypto;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bounded in-memory cache of unwrapped data keys (and tombstones of destroyed ones), least recently used
 * first out, each entry at most {@code maxAge} old. Every key leaving the cache has its bytes zeroed.
 */
final class DataKeyCache {

    private record Entry(DataKey key, long loadedAt) {}

    private final int maxSize;
    private final long maxAgeMillis;
    private final Clock clock;
    private final LinkedHashMap<DataKeyId, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    /** Counts evictions: a key read before one may have been destroyed by it, and must not be cached after it. */
    private long evictions;

    DataKeyCache(int maxSize, Duration maxAge, Clock clock) {
        this.maxSize = Math.max(1, maxSize);
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
    }

    /** The cached key, or null (absent or expired). */
    synchronized DataKey get(DataKeyId id) {
        Entry entry = entries.get(id);
        if (entry == null) {
            return null;
        }
        if (clock.millis() - entry.loadedAt() > maxAgeMillis
                || (!entry.key().destroyed() && !entry.key().usable())) {
            entries.remove(id);
            entry.key().zero();
            return null;
        }
        return entry.key();
    }

    /** Taken before a key is read from the database; given back to {@link #putUnlessEvictedSince}. */
    synchronized long generation() {
        return evictions;
    }

    /**
     * Caches a key read when the cache was at {@code generation}, unless keys were evicted since: a shred that
     * committed while this key was being unwrapped evicted nothing of it (it was not cached yet), so caching it
     * now would keep a destroyed key usable for up to {@code maxAge}. The caller still uses it once.
     */
    synchronized boolean putUnlessEvictedSince(DataKey key, long generation) {
        if (evictions != generation) {
            return false;
        }
        put(key);
        return true;
    }

    synchronized void put(DataKey key) {
        Entry previous = entries.put(key.id(), new Entry(key, clock.millis()));
        if (previous != null && previous.key() != key) {
            previous.key().zero();
        }
        Iterator<Map.Entry<DataKeyId, Entry>> eldest = entries.entrySet().iterator();
        while (entries.size() > maxSize && eldest.hasNext()) {
            eldest.next().getValue().key().zero();
            eldest.remove();
        }
    }

    /** Drops (and zeroes) the keys with these ids, e.g. after they were destroyed. */
    synchronized void evictKeyIds(List<UUID> keyIds) {
        evictions++;
        List<DataKeyId> gone = new ArrayList<>();
        entries.forEach((id, entry) -> {
            if (keyIds.contains(entry.key().keyId())) {
                gone.add(id);
            }
        });
        gone.forEach(id -> entries.remove(id).key().zero());
    }

    synchronized void evictAll() {
        evictions++;
        entries.values().forEach(entry -> entry.key().zero());
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }
}
