package dev.charter.moderation;

import dev.charter.common.ErrorCodes;
import dev.charter.common.LookupCache;
import dev.charter.common.PeerCaches;
import dev.charter.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a user may send. Answers from memory for {@link #TTL_MILLIS}, so the send path does not hit the
 * database per message. Every instance drops its entry when a suspension is announced ({@link PeerCaches});
 * the TTL is the last resort for a change made outside Charter.
 */
@Singleton
public class Suspensions {

    static final long TTL_MILLIS = 60_000;
    static final String TOPIC = "suspension";
    private static final int MAX_ENTRIES = 100_000;

    private final SendPathRepository repository;
    private final Clock clock;
    /** Until when each user is suspended; empty: not suspended. */
    private final LookupCache<String, Optional<Instant>> cache;

    Suspensions(SendPathRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        this.cache = new LookupCache<>(TTL_MILLIS, MAX_ENTRIES, clock::millis);
    }

    /** Fails with {@code restricted} while the user is suspended. */
    public Uni<Void> requireNotSuspended(String user) {
        return cache.get(user, id -> repository.suspendedUntil(id, clock.instant()))
                .flatMap(this::check);
    }

    /** True when memory already says {@code user} may send now; false: ask {@link #requireNotSuspended}. */
    public boolean knownNotSuspended(String user) {
        Optional<Instant> until = cache.cached(user);
        return until != null && !suspendedNow(until);
    }

    void suspended(String user, Instant until) {
        cache.put(user, Optional.ofNullable(until));
    }

    void onInvalidated(@Observes PeerCaches.Invalidated event) {
        event.applyTo(TOPIC, cache);
    }

    private boolean suspendedNow(Optional<Instant> until) {
        return until.isPresent() && clock.instant().isBefore(until.get());
    }

    private Uni<Void> check(Optional<Instant> until) {
        if (suspendedNow(until)) {
            return Uni.createFrom()
                    .failure(new ProblemException(
                            403,
                            ErrorCodes.RESTRICTED,
                            "Your account is suspended by a moderator's decision until " + until.get() + "."));
        }
        return Uni.createFrom().voidItem();
    }
}
