package dev.charter.messaging.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReadCoalescingTest {

    private final List<Long> written = new ArrayList<>();
    private final List<UniEmitter<? super Long>> pending = new ArrayList<>();

    private Uni<Long> write(long seq) {
        return Uni.createFrom().emitter(emitter -> {
            written.add(seq);
            pending.add(emitter);
        });
    }

    private void finish(int write, long stored) {
        pending.get(write).complete(stored);
    }

    @Test
    void readsArrivingDuringAWriteAreWrittenTogetherAsTheirHighestSeq() {
        ReadCoalescing reads = new ReadCoalescing();
        UUID conversation = UUID.randomUUID();
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        for (long seq : new long[] {1, 2, 5, 3}) {
            answers.add(reads.submit("alice", conversation, seq, this::write).subscribeAsCompletionStage());
        }
        assertEquals(List.of(1L), written, "one write while the first is under way");

        finish(0, 1);
        assertEquals(1L, answers.get(0).join());
        assertEquals(List.of(1L, 5L), written, "the three waiting reads in one write of their highest seq");
        assertFalse(answers.get(1).isDone());

        finish(1, 5);
        assertEquals(
                List.of(5L, 5L, 5L),
                answers.subList(1, 4).stream().map(CompletableFuture::join).toList());

        // Idle again: the next read is written at once, and other members and conversations never wait.
        reads.submit("alice", conversation, 6, this::write).subscribeAsCompletionStage();
        reads.submit("bob", conversation, 6, this::write).subscribeAsCompletionStage();
        assertEquals(List.of(1L, 5L, 6L, 6L), written);
    }

    @Test
    void aFailedWriteFailsItsCallersAndTheNextWriteStillRuns() {
        ReadCoalescing reads = new ReadCoalescing();
        UUID conversation = UUID.randomUUID();
        var first = reads.submit("alice", conversation, 1, this::write).subscribeAsCompletionStage();
        var second = reads.submit("alice", conversation, 2, this::write).subscribeAsCompletionStage();
        pending.get(0).fail(new IllegalStateException("database down"));
        assertTrue(first.isCompletedExceptionally());
        assertEquals(List.of(1L, 2L), written);
        finish(1, 2);
        assertEquals(2L, second.join());
    }
}
