package dev.charter.push;

import dev.charter.messaging.ws.ConnectionListener;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's part of presence across instances: each user's first connection and last disconnection here
 * are written to {@code push_presence} under this instance's id, which a heartbeat keeps alive. A crashed
 * instance's heartbeat stops, and its rows stop counting after {@code charter.push.presence-expiry}.
 * <p>
 * Connection events only note the latest state per user (no I/O on the event loop); the push worker writes
 * what accumulated before it decides anything, so a push never misses a connection made before the message.
 */
@Singleton
public class Presence implements ConnectionListener {

    private final UUID instance = UUID.randomUUID();
    private final Map<String, PresenceRepository.Change> pending = new ConcurrentHashMap<>();
    private final PresenceRepository repository;
    private final PushConfig config;
    private final boolean enabled;
    private final Clock clock = Clock.systemUTC();

    Presence(PresenceRepository repository, PushConfig config, PushProviders providers) {
        this.repository = repository;
        this.config = config;
        this.enabled = providers.enabled();
    }

    @Override
    public void firstConnected(String user) {
        if (enabled) {
            pending.put(user, new PresenceRepository.Change(user, true, clock.instant()));
        }
    }

    @Override
    public void lastDisconnected(String user) {
        if (enabled) {
            pending.put(user, new PresenceRepository.Change(user, false, clock.instant()));
        }
    }

    /** Writes the changes noted so far. Blocking: the push worker's thread only. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<PresenceRepository.Change> changes = new ArrayList<>();
        for (String user : List.copyOf(pending.keySet())) {
            PresenceRepository.Change change = pending.remove(user);
            if (change != null) {
                changes.add(change);
            }
        }
        try {
            repository.record(instance, changes).await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            // Not lost: a newer change noted meanwhile wins, the older one is put back for the next flush.
            changes.forEach(change -> pending.putIfAbsent(change.user(), change));
            throw e;
        }
    }

    /** Renews this instance's heartbeat and forgets what expired. Blocking. */
    void heartbeat() {
        Instant now = clock.instant();
        repository.heartbeat(instance, now).await().atMost(Duration.ofSeconds(10));
        repository
                .forgetOld(
                        now.minus(Duration.ofHours(1)),
                        now.minus(config.minInterval()).minus(config.presenceExpiry()))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    /** On shutdown: this instance's rows go at once instead of expiring. Blocking. */
    void leave() {
        repository.leave(instance).await().atMost(Duration.ofSeconds(5));
    }

    Instant liveAfter(Instant now) {
        return now.minus(config.presenceExpiry());
    }
}
