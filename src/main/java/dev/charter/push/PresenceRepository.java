package dev.charter.push;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** SQL of {@code push_instance} and {@code push_presence}: which users have a WebSocket open on which instance. */
@Singleton
public class PresenceRepository {

    /** One user's latest state on this instance. */
    record Change(String user, boolean connected, Instant at) {}

    private final Pool pool;

    PresenceRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> heartbeat(UUID instance, Instant now) {
        return pool.preparedQuery("""
                        INSERT INTO push_instance (instance_id, heartbeat_at) VALUES ($1, $2)
                        ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at""").execute(Tuple.of(instance, utc(now))).replaceWithVoid();
    }

    /** Instances silent for long go with their presence; disconnected rows go once no throttle needs them. */
    Uni<Void> forgetOld(Instant instancesBefore, Instant disconnectedBefore) {
        return pool.preparedQuery("DELETE FROM push_instance WHERE heartbeat_at < $1")
                .execute(Tuple.of(utc(instancesBefore)))
                .flatMap(ignored -> pool.preparedQuery(
                                "DELETE FROM push_presence WHERE NOT connected AND changed_at < $1")
                        .execute(Tuple.of(utc(disconnectedBefore))))
                .replaceWithVoid();
    }

    Uni<Void> record(UUID instance, List<Change> changes) {
        return pool.preparedQuery("""
                        INSERT INTO push_presence (user_id, instance_id, connected, changed_at)
                        SELECT u, $2, c, a FROM unnest($1::text[], $3::bool[], $4::timestamptz[]) AS t(u, c, a)
                        ON CONFLICT (user_id, instance_id) DO UPDATE
                           SET connected = EXCLUDED.connected, changed_at = EXCLUDED.changed_at""")
                .execute(Tuple.of(
                        changes.stream().map(Change::user).toArray(String[]::new),
                        instance,
                        changes.stream().map(Change::connected).toArray(Boolean[]::new),
                        changes.stream().map(c -> utc(c.at())).toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    Uni<Void> leave(UUID instance) {
        return pool.preparedQuery("DELETE FROM push_instance WHERE instance_id = $1")
                .execute(Tuple.of(instance))
                .replaceWithVoid();
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
