package dev.charter.messaging.conversation;

import dev.charter.common.LookupCache;
import dev.charter.messaging.ConversationAccess;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Members of conversations, for the send and delivery paths. Every instance drops an entry when it
 * hears the conversation's membership changed (NOTIFY in the same transaction as the change). Entries do
 * not expire otherwise, so a lookup that read the members before a change must not be kept after it
 * ({@link LookupCache}): a removed member would go on receiving the conversation's messages.
 *
 * <p>Ids that name no conversation are remembered for {@value #UNKNOWN_TTL_MILLIS} ms, so frames naming made-up
 * ids cost no query each. A conversation created meanwhile under such an id (ids are random UUIDs, so only one
 * probed before it existed, or replicated from another region) is invalidated like any membership change.
 */
@Singleton
public class MembershipCache {

    private static final int MAX_ENTRIES = 100_000;
    static final long UNKNOWN_TTL_MILLIS = 5_000;
    private static final int MAX_UNKNOWN = 10_000;

    private final Function<UUID, Uni<Optional<ConversationAccess>>> lookup;
    private final LongSupplier clock;
    private final LookupCache<UUID, ConversationAccess> cache = new LookupCache<>(Long.MAX_VALUE, MAX_ENTRIES);
    private final Map<UUID, Long> unknownSince = new ConcurrentHashMap<>();
    /** Bumped by every invalidation: a lookup that overlapped one does not remember an id as unknown. */
    private final AtomicLong changes = new AtomicLong();

    @Inject
    MembershipCache(ConversationRepository conversations) {
        this(conversations::access, System::currentTimeMillis);
    }

    MembershipCache(Function<UUID, Uni<Optional<ConversationAccess>>> lookup, LongSupplier clock) {
        this.lookup = lookup;
        this.clock = clock;
    }

    public Uni<Optional<ConversationAccess>> get(UUID conversation) {
        Long since = unknownSince.get(conversation);
        if (since != null) {
            if (clock.getAsLong() - since < UNKNOWN_TTL_MILLIS) {
                return Uni.createFrom().item(Optional.empty());
            }
            unknownSince.remove(conversation, since);
        }
        long before = changes.get();
        return cache.get(conversation, id -> lookup.apply(id).map(found -> found.orElse(null)))
                .map(found -> {
                    if (found == null && changes.get() == before) {
                        rememberUnknown(conversation);
                    }
                    return Optional.ofNullable(found);
                });
    }

    /** The conversation's access when it is in memory, else null. */
    public ConversationAccess cached(UUID conversation) {
        return cache.cached(conversation);
    }

    public void invalidate(UUID conversation) {
        changes.incrementAndGet();
        unknownSince.remove(conversation);
        cache.invalidate(conversation);
    }

    public void clear() {
        changes.incrementAndGet();
        unknownSince.clear();
        cache.invalidateAll();
    }

    private void rememberUnknown(UUID conversation) {
        if (unknownSince.size() >= MAX_UNKNOWN) {
            unknownSince.clear();
        }
        unknownSince.put(conversation, clock.getAsLong());
    }
}
