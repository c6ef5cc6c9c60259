package dev.charter.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Members of conversations, for the send and delivery paths. Every instance drops an entry when it
 * hears the conversation's membership changed (NOTIFY in the same transaction as the change).
 */
@Singleton
class MembershipCache {

    private static final int MAX_ENTRIES = 100_000;

    private final ConversationRepository conversations;
    private final Map<UUID, ConversationAccess> cache = new ConcurrentHashMap<>();

    MembershipCache(ConversationRepository conversations) {
        this.conversations = conversations;
    }

    Uni<Optional<ConversationAccess>> get(UUID conversation) {
        ConversationAccess cached = cache.get(conversation);
        if (cached != null) {
            return Uni.createFrom().item(Optional.of(cached));
        }
        return conversations.access(conversation).invoke(found -> found.ifPresent(access -> {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(conversation, access);
        }));
    }

    /** The conversation's access when it is in memory, else null. */
    ConversationAccess cached(UUID conversation) {
        return cache.get(conversation);
    }

    void invalidate(UUID conversation) {
        cache.remove(conversation);
    }

    void clear() {
        cache.clear();
    }
}
