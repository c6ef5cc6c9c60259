package dev.charter.common;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Keeps per-user caches (consents, account status, suspensions) right on every instance sharing the
 * database: a change is announced with NOTIFY {@code charter_invalidate} ({@code <topic>:<user>}), and each
 * instance, this one included, fires {@link Invalidated} for its caches to drop the entry. After a
 * (re)connection of the listener, announcements may have been missed, so every cache is told to drop all
 * ({@link Invalidated#ALL}). Changes that stop a user (restriction, erasure, suspension, a withdrawn consent) are
 * announced inside their own transaction, so no crash can come between the commit and the announcement. The
 * caches' time-to-live (a minute) is left only for changes made outside Charter, such as by hand in SQL: a
 * few seconds would have every active sender looked up again every few seconds (with 4,000 active users, 1,000
 * queries a second at 10,000 messages a second; see docs/performance.md).
 */
@ApplicationScoped
public class PeerCaches {

    static final String CHANNEL = "charter_invalidate";
    private static final Logger LOG = Logger.getLogger(PeerCaches.class);

    /** A cache entry to drop: {@code key} is a user id, or {@link #ALL}. */
    public record Invalidated(String topic, String key) {
        public static final String ALL = "*";

        public boolean all() {
            return ALL.equals(key);
        }

        /** True when a cache of {@code cacheTopic} must act ({@code topic} null: every cache). */
        public boolean concerns(String cacheTopic) {
            return topic == null || topic.equals(cacheTopic);
        }

        /** Drops the entry (or everything) from a cache of {@code cacheTopic} keyed by user id. */
        public void applyTo(String cacheTopic, LookupCache<String, ?> cache) {
            if (concerns(cacheTopic)) {
                if (all()) {
                    cache.invalidateAll();
                } else {
                    cache.invalidate(key);
                }
            }
        }
    }

    private final Pool pool;
    private final Event<Invalidated> events;
    private final DatabaseConnections database;
    private ListenConnection subscriber;

    PeerCaches(Pool pool, Event<Invalidated> events, DatabaseConnections database) {
        this.pool = pool;
        this.events = events;
        this.database = database;
    }

    /** Announces a change after it committed. */
    public Uni<Void> invalidate(String topic, String user) {
        return invalidate(pool, topic, user);
    }

    /** Announces a change inside the caller's transaction: peers hear of it only if it commits. */
    public Uni<Void> invalidate(SqlClient client, String topic, String user) {
        return PgNotify.send(client, CHANNEL, topic + ':' + user);
    }

    /** Announces a change inside the transaction of a Hibernate Reactive session: peers hear of it only if it commits. */
    public Uni<Void> invalidate(Mutiny.Session session, String topic, String user) {
        return PgNotify.send(session, CHANNEL, topic + ':' + user);
    }

    void start(@Observes StartupEvent event) {
        subscriber = database.listen(
                CHANNEL,
                () -> events.fire(new Invalidated(null, Invalidated.ALL)),
                this::onNotification,
                retries -> Math.min(100L * (retries + 1), 2_000L));
        subscriber
                .connect()
                .subscribe()
                .with(
                        ok -> {},
                        failure -> LOG.warnf(
                                "cannot LISTEN for cache invalidations: %s",
                                failure.getClass().getName()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close().subscribe().with(ok -> {}, e -> {});
        }
    }

    private void onNotification(String payload) {
        int colon = payload.indexOf(':');
        if (colon > 0) {
            events.fire(new Invalidated(payload.substring(0, colon), payload.substring(colon + 1)));
        }
    }
}
