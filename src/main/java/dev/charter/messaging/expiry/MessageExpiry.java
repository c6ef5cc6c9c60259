package dev.charter.messaging.expiry;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * What retention and erasure ask of messaging: rows that lose their content for good, in batches until none
 * are left (see {@link ExpiryRepository}).
 */
@ApplicationScoped
public class MessageExpiry {

    private final ExpiryRepository repository;
    private final RetentionHolds holds;

    MessageExpiry(ExpiryRepository repository, RetentionHolds holds) {
        this.repository = repository;
        this.holds = holds;
    }

    /**
     * Expires every message sealed under a month key before {@code epoch} whose author is in {@code jurisdiction},
     * except what a legal hold covers.
     */
    public Uni<Long> expireAuthoredBefore(String jurisdiction, int epoch, int batch) {
        return holds.current()
                .flatMap(held ->
                        drain(() -> repository.expireAuthoredBefore(jurisdiction, epoch, batch, held), batch, 0));
    }

    /** Expires every message older than its conversation's own retention at {@code now}, except what is held. */
    public Uni<Long> expireByConversationRetention(Instant now, int batch) {
        return holds.current()
                .flatMap(held -> drain(() -> repository.expireByConversationRetention(now, batch, held), batch, 0));
    }

    /**
     * Marks every message of an erased author erased, so they stay erased (and keep {@code sender: null})
     * when the id is re-enabled and gets new keys.
     */
    public Uni<Long> markAuthorErased(String author, int batch) {
        return drain(() -> repository.markErased(author, batch), batch, 0);
    }

    private static Uni<Long> drain(java.util.function.Supplier<Uni<Integer>> step, int batch, long done) {
        return step.get()
                .flatMap(count ->
                        count < batch ? Uni.createFrom().item(done + count) : drain(step, batch, done + count));
    }
}
