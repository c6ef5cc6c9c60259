package dev.charter.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LookupCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final LookupCache<String, String> cache = new LookupCache<>(5_000, 1_000, now::get);
    private final AtomicInteger calls = new AtomicInteger();
    private CompletableFuture<String> database = new CompletableFuture<>();

    private Uni<String> lookup(String key) {
        calls.incrementAndGet();
        return Uni.createFrom().completionStage(database);
    }

    private UniAssertSubscriber<String> ask(String key) {
        return cache.get(key, this::lookup).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void anAnswerIsKeptUntilItExpires() {
        database.complete("active");
        ask("alice").assertItem("active");
        now.addAndGet(4_999);
        ask("alice").assertItem("active");
        assertEquals(1, calls.get());
        now.addAndGet(1);
        assertNull(cache.cached("alice"));
        ask("alice");
        assertEquals(2, calls.get());
    }

    @Test
    void concurrentCallersShareOneLookup() {
        UniAssertSubscriber<String> first = ask("alice");
        UniAssertSubscriber<String> second = ask("alice");
        database.complete("active");
        first.assertItem("active");
        second.assertItem("active");
        assertEquals(1, calls.get());
    }

    @Test
    void aLookupUnderWayWhenTheKeyIsInvalidatedAnswersItsCallersButIsNotKept() {
        UniAssertSubscriber<String> before = ask("alice");
        cache.invalidate("alice");
        database.complete("granted");
        before.assertItem("granted");
        assertNull(cache.cached("alice"), "the answer read before the change outlived it");
        database = CompletableFuture.completedFuture("withdrawn");
        ask("alice").assertItem("withdrawn");
        assertEquals("withdrawn", cache.cached("alice"));
    }

    @Test
    void aLookupUnderWayDoesNotOverwriteAnAnswerWrittenThrough() {
        ask("alice");
        cache.put("alice", "restricted");
        database.complete("active");
        assertEquals("restricted", cache.cached("alice"));
    }

    @Test
    void invalidatingEverythingAlsoDiscardsLookupsUnderWay() {
        ask("alice");
        ask("bob");
        cache.invalidateAll();
        database.complete("active");
        assertNull(cache.cached("alice"));
        assertNull(cache.cached("bob"));
    }

    @Test
    void aChangeToAnUnrelatedKeyDoesNotCostTheLookup() {
        // "alice" and "bob" fall in different stripes of change counters (String hash codes are fixed).
        UniAssertSubscriber<String> alice = ask("alice");
        cache.invalidate("bob");
        database.complete("active");
        alice.assertItem("active");
        assertEquals("active", cache.cached("alice"));
    }

    @Test
    void nullAnswersAreNotKept() {
        database.complete(null);
        ask("nobody").assertItem(null);
        ask("nobody");
        assertEquals(2, calls.get());
    }

    @Test
    void pastItsBoundTheCacheStartsOver() {
        LookupCache<Integer, String> small = new LookupCache<>(5_000, 3, now::get);
        for (int i = 0; i < 4; i++) {
            small.put(i, "v" + i);
        }
        assertNull(small.cached(0));
        assertEquals("v3", small.cached(3));
    }
}
