package dev.charter.moderation;

import dev.charter.common.ErrorCodes;
import dev.charter.common.PeerCaches;
import dev.charter.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a user may send. Answers from memory for {@link #TTL_MILLIS}, so the send path does not hit the
 * database per message. Every instance drops its entry when a suspension is announced ({@link PeerCaches});
 * the TTL is the last resort if an announcement is missed.
 */
@Singleton
public class Suspensions {

    static final long TTL_MILLIS = 5_000;
    static final String TOPIC = "suspension";
    private static final int MAX_ENTRIES = 100_000;

    private record Entry(Instant until, long loadedAt) {
    }

    private final ReportRepository repository;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    Suspensions(ReportRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Fails with {@code restricted} while the user is suspended. */
    public Uni<Void> requireNotSuspended(String user) {
        long now = clock.millis();
        Entry entry = cache.get(user);
        if (entry != null && now - entry.loadedAt() < TTL_MILLIS) {
            return check(entry);
        }
        return repository.suspendedUntil(user, clock.instant()).flatMap(until -> {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            Entry loaded = new Entry(until.orElse(null), now);
            cache.put(user, loaded);
            return check(loaded);
        });
    }

    /** True when memory already says {@code user} may send now; false: ask {@link #requireNotSuspended}. */
    public boolean knownNotSuspended(String user) {
        Entry entry = cache.get(user);
        return entry != null && clock.millis() - entry.loadedAt() < TTL_MILLIS && !suspendedNow(entry);
    }

    void suspended(String user, Instant until) {
        cache.put(user, new Entry(until, clock.millis()));
    }

    void onInvalidated(@Observes PeerCaches.Invalidated event) {
        event.applyTo(TOPIC, cache);
    }

    private boolean suspendedNow(Entry entry) {
        return entry.until() != null && clock.instant().isBefore(entry.until());
    }

    private Uni<Void> check(Entry entry) {
        if (suspendedNow(entry)) {
            return Uni.createFrom().failure(new ProblemException(403, ErrorCodes.RESTRICTED,
                    "Your account is suspended by a moderator's decision until " + entry.until() + "."));
        }
        return Uni.createFrom().voidItem();
    }
}
