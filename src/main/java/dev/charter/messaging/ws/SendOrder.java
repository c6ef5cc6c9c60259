package dev.charter.messaging.ws;

import dev.charter.messaging.Ack;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Keeps one connection's sends in the order they arrived. Admission (a membership lookup that may hit
 * the database) completes in any order; this starts each admission only after the previous one has been
 * queued for commit, so seqs follow arrival order. Commits themselves still overlap (pipelining).
 * Admissions that complete synchronously (the steady state: every check answered from memory) run in a
 * loop, not by recursion, so a backlog of thousands of frames behind a cold cache cannot overflow the stack.
 */
public final class SendOrder {

    private record Step(
            Supplier<CompletionStage<CompletionStage<Ack>>> admit, CompletableFuture<CompletionStage<Ack>> admitted) {}

    private final ArrayDeque<Step> waiting = new ArrayDeque<>();
    private boolean admitting;
    private boolean looping;

    /** Runs {@code admit} after every earlier one finished; the result is the ack (after COMMIT). */
    CompletionStage<Ack> then(Supplier<CompletionStage<CompletionStage<Ack>>> admit) {
        CompletableFuture<CompletionStage<Ack>> admitted = new CompletableFuture<>();
        synchronized (this) {
            waiting.add(new Step(admit, admitted));
        }
        drain();
        return admitted.thenCompose(ack -> ack);
    }

    private void drain() {
        while (true) {
            Step step;
            synchronized (this) {
                if (admitting || looping || waiting.isEmpty()) {
                    return;
                }
                step = waiting.poll();
                admitting = true;
                looping = true;
            }
            CompletionStage<CompletionStage<Ack>> admission;
            try {
                admission = step.admit().get();
            } catch (RuntimeException e) {
                admission = CompletableFuture.failedFuture(e);
            }
            admission.whenComplete((ack, failure) -> finish(step, ack, failure));
            synchronized (this) {
                looping = false;
            }
        }
    }

    private void finish(Step step, CompletionStage<Ack> ack, Throwable failure) {
        boolean insideLoop;
        synchronized (this) {
            admitting = false;
            insideLoop = looping;
        }
        if (failure != null) {
            step.admitted().completeExceptionally(failure);
        } else {
            step.admitted().complete(ack);
        }
        if (!insideLoop) {
            drain();
        }
    }
}
