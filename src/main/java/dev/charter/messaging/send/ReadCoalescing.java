package dev.charter.messaging.send;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Read positions of one member of one conversation written one at a time: while a write is under way, the reads
 * that arrive meanwhile wait and are written together, as their highest seq, by one more write. A client
 * marking every message read as it scrolls costs two transactions (and two receipts to the members), not one
 * per frame. Each caller is answered with the position stored by the write that covered its seq.
 */
final class ReadCoalescing {

    private record Key(String user, UUID conversation) {}

    private static final class Waiting {
        long highest;
        final List<CompletableFuture<Long>> callers = new ArrayList<>();
    }

    /** Present while a write for the key is under way; its value holds the reads waiting for the next one. */
    private final Map<Key, Waiting> running = new ConcurrentHashMap<>();

    Uni<Long> submit(String user, UUID conversation, long seq, LongFunction<Uni<Long>> write) {
        Key key = new Key(user, conversation);
        CompletableFuture<Long> answer = new CompletableFuture<>();
        boolean first;
        synchronized (this) {
            Waiting waiting = running.get(key);
            first = waiting == null;
            if (first) {
                running.put(key, new Waiting());
            } else {
                waiting.highest = Math.max(waiting.highest, seq);
                waiting.callers.add(answer);
            }
        }
        if (first) {
            run(key, seq, List.of(answer), write);
        }
        return Uni.createFrom().completionStage(answer);
    }

    private void run(Key key, long seq, List<CompletableFuture<Long>> callers, LongFunction<Uni<Long>> write) {
        write.apply(seq)
                .subscribe()
                .with(
                        stored -> {
                            callers.forEach(c -> c.complete(stored));
                            next(key, write);
                        },
                        failure -> {
                            callers.forEach(c -> c.completeExceptionally(failure));
                            next(key, write);
                        });
    }

    private void next(Key key, LongFunction<Uni<Long>> write) {
        Waiting waiting;
        synchronized (this) {
            waiting = running.get(key);
            if (waiting.callers.isEmpty()) {
                running.remove(key);
                return;
            }
            running.put(key, new Waiting());
        }
        run(key, waiting.highest, waiting.callers, write);
    }
}
