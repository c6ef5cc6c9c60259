package dev.charter.blocking;

import dev.charter.common.ErrorCodes;
import dev.charter.common.LookupCache;
import dev.charter.common.PeerCaches;
import dev.charter.common.ProblemException;
import dev.charter.common.Transactions;
import dev.charter.identity.UserService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Blocks between users. The send path asks for every send into a direct conversation, so answers are kept per
 * (blocker, blocked) pair on every instance and dropped when a block or unblock commits anywhere (announced in
 * its own transaction through {@link PeerCaches}).
 */
@Singleton
public class BlockService {

    static final String TOPIC = "block";
    private static final long CACHE_MILLIS = 60_000;
    private static final int MAX_ENTRIES = 100_000;

    private final BlockRepository blocks;
    private final Transactions transactions;
    private final PeerCaches peers;
    private final UserService users;
    private final LookupCache<String, Boolean> cache = new LookupCache<>(CACHE_MILLIS, MAX_ENTRIES);

    BlockService(BlockRepository blocks, Transactions transactions, PeerCaches peers, UserService users) {
        this.blocks = blocks;
        this.transactions = transactions;
        this.peers = peers;
        this.users = users;
    }

    /** Idempotent. Yourself: 422; someone who never called: 404 {@code unknown_user}. */
    public Uni<Void> block(String blocker, String blocked) {
        if (blocker.equals(blocked)) {
            return Uni.createFrom().failure(ProblemException.unprocessable("You cannot block yourself."));
        }
        return users.requireExisting(List.of(blocked))
                .flatMap(ignored -> transactions.inTransaction(conn -> blocks.insert(conn, blocker, blocked)
                        .flatMap(done -> peers.invalidate(conn, TOPIC, pairKey(blocker, blocked)))))
                .invoke(() -> forget(blocker, blocked));
    }

    /** Idempotent: unblocking someone not blocked changes nothing. */
    public Uni<Void> unblock(String blocker, String blocked) {
        return transactions
                .inTransaction(conn -> blocks.delete(conn, blocker, blocked)
                        .flatMap(done -> peers.invalidate(conn, TOPIC, pairKey(blocker, blocked))))
                .invoke(() -> forget(blocker, blocked));
    }

    /** This instance forgets at once, before the announcement comes back: the caller's next send sees the change. */
    private void forget(String blocker, String blocked) {
        cache.invalidate(pairKey(blocker, blocked));
    }

    /** The users {@code blocker} blocked, oldest block first. */
    public Uni<List<Block>> madeBy(String blocker) {
        return blocks.madeBy(blocker);
    }

    /** True when memory already says {@code blocker} does not block {@code sender}; false: ask {@link #requireNotBlockedBy}. */
    public boolean knownNotBlocked(String blocker, String sender) {
        return Boolean.FALSE.equals(cache.cached(pairKey(blocker, sender)));
    }

    /** Fails with 403 {@code blocked} when {@code blocker} blocks {@code user}. */
    public Uni<Void> requireNotBlockedBy(String blocker, String user) {
        String key = pairKey(blocker, user);
        return cache.get(key, ignored -> blocks.blocks(blocker, user))
                .invoke(blocked -> {
                    if (blocked) {
                        throw refused();
                    }
                })
                .replaceWithVoid();
    }

    /** Fails with 403 {@code blocked} when any of {@code others} blocks {@code user} (creating or adding to a conversation). */
    public Uni<Void> requireNoneBlocks(List<String> others, String user) {
        if (others.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return blocks.blockersAmong(others, user)
                .invoke(blockers -> {
                    if (!blockers.isEmpty()) {
                        throw refused();
                    }
                })
                .replaceWithVoid();
    }

    private static ProblemException refused() {
        // Names nobody: the member list is the caller's own, and it says who did not want them.
        return new ProblemException(403, ErrorCodes.BLOCKED, "A member of this conversation has blocked you.");
    }

    /** Unambiguous for any ids: the blocker's length comes first. */
    static String pairKey(String blocker, String blocked) {
        return blocker.length() + ":" + blocker + blocked;
    }

    void onInvalidated(@Observes PeerCaches.Invalidated event) {
        if (!event.concerns(TOPIC)) {
            return;
        }
        if (event.all()) {
            cache.invalidateAll();
        } else {
            cache.invalidate(event.key());
        }
    }
}
