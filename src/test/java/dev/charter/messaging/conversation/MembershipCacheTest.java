package dev.charter.messaging.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.messaging.ConversationAccess;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Unknown conversation ids are answered from memory for a few seconds, and never past a change. */
class MembershipCacheTest {

    private final Map<UUID, ConversationAccess> database = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MembershipCache cache = new MembershipCache(
            id -> {
                lookups.incrementAndGet();
                return Uni.createFrom().item(Optional.ofNullable(database.get(id)));
            },
            now::get);

    private Optional<ConversationAccess> get(UUID id) {
        return cache.get(id).await().indefinitely();
    }

    @Test
    void anUnknownIdIsLookedUpOnceUntilItsTimeIsUp() {
        UUID made = UUID.randomUUID();
        for (int i = 0; i < 50; i++) {
            assertTrue(get(made).isEmpty());
        }
        assertEquals(1, lookups.get(), "one query for fifty frames naming a made-up id");

        now.addAndGet(MembershipCache.UNKNOWN_TTL_MILLIS);
        assertTrue(get(made).isEmpty());
        assertEquals(2, lookups.get(), "asked again once the answer is older than its time");
    }

    @Test
    void aConversationCreatedUnderAnIdProbedBeforeIsSeenAtOnceAfterItsInvalidation() {
        UUID id = UUID.randomUUID();
        assertTrue(get(id).isEmpty());
        database.put(id, new ConversationAccess(id, false, Set.of("alice")));
        cache.invalidate(id);
        assertTrue(get(id).isPresent());
    }
}
