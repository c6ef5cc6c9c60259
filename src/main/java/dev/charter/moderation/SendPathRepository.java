package dev.charter.moderation;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * The moderation SQL the send path runs, on the Vert.x SQL client like the rest of the hot path
 * (docs/architecture.md): flags are raised after an ack on a writer lane's event loop, which is not a context a
 * Hibernate Reactive session may run on, and suspension checks are a single read per cache miss on every send.
 * Neither has a lifecycle to manage: a flag is inserted once as an open {@link Report}, and suspensions are
 * written by decisions through {@link SuspensionRepository}.
 */
@Singleton
public class SendPathRepository {

    private final Pool pool;

    SendPathRepository(Pool pool) {
        this.pool = pool;
    }

    /** A flag of the content rules; once per message, however often its send is retried. */
    Uni<Void> flag(UUID conversation, long seq, String sender, String category) {
        return pool.preparedQuery(
                        "INSERT INTO report (id, source, conversation_id, seq, reported_user, reason, category)"
                                + " VALUES ($1, 'policy', $2, $3, $4, 'other', $5)"
                                + " ON CONFLICT (conversation_id, seq) WHERE source = 'policy' DO NOTHING")
                .execute(Tuple.of(UUID.randomUUID(), conversation, seq, sender, category))
                .replaceWithVoid();
    }

    /** The open reports on a message, read in the caller's transaction. */
    Uni<java.util.List<UUID>> openReportsOn(io.vertx.mutiny.sqlclient.SqlConnection conn, UUID conversation, long seq) {
        return conn.preparedQuery(
                        "SELECT id FROM report WHERE conversation_id = $1 AND seq = $2 AND status = 'open' ORDER BY id")
                .execute(Tuple.of(conversation, seq))
                .map(rows -> {
                    java.util.List<UUID> ids = new java.util.ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID(0)));
                    return ids;
                });
    }

    /** The end of the user's longest running suspension, if any. */
    Uni<Optional<Instant>> suspendedUntil(String user, Instant now) {
        return pool.preparedQuery("SELECT max(until) FROM suspension WHERE user_id = $1 AND until > $2")
                .execute(Tuple.of(user, now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    OffsetDateTime until = rows.iterator().next().getOffsetDateTime(0);
                    return Optional.ofNullable(until == null ? null : until.toInstant());
                });
    }
}
