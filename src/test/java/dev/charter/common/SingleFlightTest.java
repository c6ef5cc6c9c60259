package dev.charter.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    private final SingleFlight<String, String> flights = new SingleFlight<>();
    private final AtomicInteger calls = new AtomicInteger();
    private CompletableFuture<String> pending = new CompletableFuture<>();

    private Uni<String> lookup(String key) {
        calls.incrementAndGet();
        CompletableFuture<String> answer = pending;
        return Uni.createFrom().completionStage(answer);
    }

    @Test
    void callersWhileALookupIsUnderWayShareIt() {
        List<UniAssertSubscriber<String>> callers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            callers.add(flights.get("alice", this::lookup).subscribe().withSubscriber(UniAssertSubscriber.create()));
        }
        assertEquals(1, calls.get());
        pending.complete("active");
        callers.forEach(caller -> caller.assertItem("active"));
        assertEquals(0, flights.inFlight());
    }

    @Test
    void theNextCallerAfterTheAnswerAsksAgain() {
        flights.get("alice", this::lookup).subscribe().withSubscriber(UniAssertSubscriber.create());
        pending.complete("active");
        pending = new CompletableFuture<>();
        UniAssertSubscriber<String> later =
                flights.get("alice", this::lookup).subscribe().withSubscriber(UniAssertSubscriber.create());
        assertEquals(2, calls.get());
        pending.complete("restricted");
        later.assertItem("restricted");
    }

    @Test
    void otherKeysAreNotHeldUp() {
        flights.get("alice", this::lookup).subscribe().withSubscriber(UniAssertSubscriber.create());
        flights.get("bob", this::lookup).subscribe().withSubscriber(UniAssertSubscriber.create());
        assertEquals(2, calls.get());
    }

    @Test
    void aFailureReachesEveryWaitingCallerAndTheNextOneRetries() {
        UniAssertSubscriber<String> first =
                flights.get("alice", this::lookup).subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<String> second =
                flights.get("alice", this::lookup).subscribe().withSubscriber(UniAssertSubscriber.create());
        pending.completeExceptionally(new IllegalStateException("database down"));
        assertInstanceOf(IllegalStateException.class, first.getFailure());
        assertInstanceOf(IllegalStateException.class, second.getFailure());
        pending = CompletableFuture.completedFuture("active");
        flights.get("alice", this::lookup)
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create())
                .assertItem("active");
        assertEquals(2, calls.get());
    }

    @Test
    void aForgottenKeyIsAskedAgainEvenWhileTheOldLookupRuns() {
        UniAssertSubscriber<String> before =
                flights.get("alice", this::lookup).subscribe().withSubscriber(UniAssertSubscriber.create());
        CompletableFuture<String> old = pending;
        pending = new CompletableFuture<>();
        flights.forget("alice");
        UniAssertSubscriber<String> after =
                flights.get("alice", this::lookup).subscribe().withSubscriber(UniAssertSubscriber.create());
        assertEquals(2, calls.get());
        pending.complete("restricted");
        old.complete("active");
        before.assertItem("active");
        after.assertItem("restricted");
    }
}
