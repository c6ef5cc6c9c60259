package dev.charter.legalhold;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The holds in force, as erasure, retention and shredding ask about them: on the pool, outside any Hibernate
 * session, since those features run their own transactions. A hold is in force until released or expired.
 */
@ApplicationScoped
class ActiveHoldRepository {

    private static final String ACTIVE = "h.released_at IS NULL AND (h.expires_at IS NULL OR h.expires_at > $1)";

    private final Pool pool;

    ActiveHoldRepository(Pool pool) {
        this.pool = pool;
    }

    /** The oldest hold in force on the user, or on a conversation where they authored messages. */
    Uni<Optional<Row>> covering(String user, Instant now) {
        return pool.preparedQuery("SELECT h.authority, h.reference, h.reason, h.expires_at FROM legal_hold h WHERE "
                        + ACTIVE + " AND ((h.scope = 'user' AND h.target = $2) OR (h.scope = 'conversation'"
                        + " AND EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = CAST(h.target AS uuid)"
                        + " AND m.sender_id = $2))) ORDER BY h.created_at, h.id LIMIT 1")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), user))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
                });
    }

    /** Held users and the authors of messages in held conversations. */
    Uni<List<String>> keyOwners(Instant now) {
        return pool.preparedQuery("SELECT h.target FROM legal_hold h WHERE " + ACTIVE + " AND h.scope = 'user'"
                        + " UNION SELECT DISTINCT m.sender_id FROM legal_hold h JOIN message m"
                        + " ON m.conversation_id = CAST(h.target AS uuid) WHERE " + ACTIVE
                        + " AND h.scope = 'conversation'")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<String> owners = new ArrayList<>();
                    rows.forEach(row -> owners.add(row.getString(0)));
                    return owners;
                });
    }

    /** The targets in force of one scope. */
    Uni<List<String>> targets(String scope, Instant now) {
        return pool.preparedQuery("SELECT DISTINCT h.target FROM legal_hold h WHERE " + ACTIVE + " AND h.scope = $2")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), scope))
                .map(rows -> {
                    List<String> targets = new ArrayList<>();
                    rows.forEach(row -> targets.add(row.getString(0)));
                    return targets;
                });
    }

    static List<UUID> uuids(List<String> ids) {
        return ids.stream().map(UUID::fromString).toList();
    }
}
