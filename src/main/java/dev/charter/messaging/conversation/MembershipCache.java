package dev.charter.messaging.conversation;

import dev.charter.common.LookupCache;
import dev.charter.messaging.ConversationAccess;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;

/**
 * Members of conversations, for the send and delivery paths. Every instance drops an entry when it
 * hears the conversation's membership changed (NOTIFY in the same transaction as the change). Entries do
 * not expire otherwise, so a lookup that read the members before a change must not be kept after it
 * ({@link LookupCache}): a removed member would go on receiving the conversation's messages.
 */
@Singleton
public class MembershipCache {

    private static final int MAX_ENTRIES = 100_000;

    private final ConversationRepository conversations;
    private final LookupCache<UUID, ConversationAccess> cache = new LookupCache<>(Long.MAX_VALUE, MAX_ENTRIES);

    MembershipCache(ConversationRepository conversations) {
        this.conversations = conversations;
    }

    public Uni<Optional<ConversationAccess>> get(UUID conversation) {
        return cache.get(conversation, id -> conversations.access(id).map(found -> found.orElse(null)))
                .map(Optional::ofNullable);
    }

    /** The conversation's access when it is in memory, else null. */
    public ConversationAccess cached(UUID conversation) {
        return cache.cached(conversation);
    }

    public void invalidate(UUID conversation) {
        cache.invalidate(conversation);
    }

    public void clear() {
        cache.invalidateAll();
    }
}
