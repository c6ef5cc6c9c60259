package dev.charter.messaging;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Keeps one connection's sends in the order they arrived. Admission (membership lookups that may hit
 * the database) completes in any order; this runs each admission only after the previous one has been
 * queued for commit, so seqs follow arrival order. Commits themselves still overlap (pipelining).
 */
final class SendOrder {

    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /** Runs {@code admit} after every earlier one finished; its item is the (pending) ack. */
    synchronized Uni<Ack> then(Supplier<Uni<Uni<Ack>>> admit) {
        CompletableFuture<Void> previous = tail;
        CompletableFuture<Void> admitted = new CompletableFuture<>();
        tail = admitted;
        return Uni.createFrom().completionStage(previous)
                .flatMap(ignored -> admit.get())
                .onTermination().invoke(() -> admitted.complete(null))
                .flatMap(ack -> ack);
    }
}
