package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

public class DataKeyCacheTest {

    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static DataKey key(String user) {
        return DataKey.live(new DataKeyId(user, 202611, 1), UUID.randomUUID(), new byte[32]);
    }

    @Test
    void leastRecentlyUsedKeysLeaveFirstAndAreZeroed() {
        DataKeyCache cache = new DataKeyCache(2, Duration.ofHours(1), new ManualClock());
        DataKey a = key("a");
        DataKey b = key("b");
        DataKey c = key("c");
        cache.put(a);
        cache.put(b);
        assertSame(a, cache.get(a.id()));
        cache.put(c);
        assertNull(cache.get(b.id()), "b was least recently used");
        assertNull(b.withKey(k -> k), "an evicted key is zeroed and refuses use");
        assertSame(a, cache.get(a.id()));
        assertSame(c, cache.get(c.id()));
        assertEquals(2, cache.size());
    }

    @Test
    void keysOlderThanMaxAgeAreReloaded() {
        ManualClock clock = new ManualClock();
        DataKeyCache cache = new DataKeyCache(10, Duration.ofMinutes(5), clock);
        DataKey a = key("a");
        cache.put(a);
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertNotNull(cache.get(a.id()));
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertNull(cache.get(a.id()));
        assertNull(a.withKey(k -> k));
    }

    @Test
    void destroyedKeysAreEvictedByIdAndZeroed() {
        DataKeyCache cache = new DataKeyCache(10, Duration.ofHours(1), new ManualClock());
        DataKey a = key("a");
        DataKey b = key("b");
        cache.put(a);
        cache.put(b);
        cache.evictKeyIds(List.of(a.keyId()));
        assertNull(cache.get(a.id()));
        assertNull(a.withKey(k -> k));
        assertSame(b, cache.get(b.id()));
    }

    /** A key unwrapped while a shred was in flight: the shred's eviction found nothing, so it must not be kept. */
    @Test
    void aKeyReadBeforeAnEvictionIsNotCachedAfterIt() {
        DataKeyCache cache = new DataKeyCache(10, Duration.ofHours(1), new ManualClock());
        DataKey late = key("a");
        long readAt = cache.generation();
        cache.evictKeyIds(List.of(late.keyId()));
        assertFalse(cache.putUnlessEvictedSince(late, readAt));
        assertNull(cache.get(late.id()));

        DataKey fresh = key("b");
        assertTrue(cache.putUnlessEvictedSince(fresh, cache.generation()));
        assertSame(fresh, cache.get(fresh.id()));
    }

    @Test
    void tombstonesOfDestroyedKeysAreCachedToo() {
        DataKeyCache cache = new DataKeyCache(10, Duration.ofHours(1), new ManualClock());
        DataKey gone = DataKey.destroyed(new DataKeyId("a", 202611, 1), UUID.randomUUID(), "erasure");
        cache.put(gone);
        assertSame(gone, cache.get(gone.id()));
    }
}
