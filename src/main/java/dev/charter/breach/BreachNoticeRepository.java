package dev.charter.breach;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.hibernate.reactive.mutiny.Mutiny;

/** SQL of {@code breach_notice}: the notices given to affected individuals and their in-app delivery. */
@Singleton
public class BreachNoticeRepository {

    private final Pool pool;

    BreachNoticeRepository(Pool pool) {
        this.pool = pool;
    }

    /** One notice for every affected user of the jurisdiction, in the session's transaction; returns how many. */
    Uni<Integer> insert(
            Mutiny.Session session, UUID breach, String jurisdiction, String clock, String notice, Instant at) {
        return session.createNativeQuery("INSERT INTO breach_notice (breach_id, jurisdiction, clock, user_id, "
                        + "notice, notified_at) SELECT breach_id, jurisdiction, ?3, user_id, ?4, ?5 FROM breach_user "
                        + "WHERE breach_id = ?1 AND jurisdiction = ?2 ON CONFLICT DO NOTHING")
                .setParameter(1, breach)
                .setParameter(2, jurisdiction)
                .setParameter(3, clock)
                .setParameter(4, notice)
                .setParameter(5, at.atOffset(ZoneOffset.UTC))
                .executeUpdate();
    }

    /**
     * Marks the undelivered notices of these users delivered and hands each to {@code deliver} in the same
     * transaction, so a notice is marked only if its frame is sent on commit, and by one instance only.
     */
    Uni<Void> deliverUndelivered(List<String> users, BiFunction<SqlConnection, StoredNotice, Uni<Void>> deliver) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE breach_notice SET delivered_at = now() "
                        + "WHERE user_id = ANY($1) AND delivered_at IS NULL "
                        + "RETURNING breach_id, jurisdiction, clock, user_id, notice, notified_at")
                .execute(Tuple.of(users.toArray(String[]::new)))
                .flatMap(rows -> {
                    List<Uni<Void>> sends = new ArrayList<>();
                    rows.forEach(row -> sends.add(deliver.apply(tx, read(row))));
                    return sends.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : Uni.join().all(sends).andFailFast().replaceWithVoid();
                }));
    }

    /** The notices a user was given, oldest first (their export). */
    public Uni<List<Map<String, Object>>> of(String user) {
        return pool.preparedQuery("SELECT breach_id, jurisdiction, clock, user_id, notice, notified_at, delivered_at "
                        + "FROM breach_notice WHERE user_id = $1 ORDER BY notified_at, breach_id, clock")
                .execute(Tuple.of(user))
                .map(rows -> {
                    List<Map<String, Object>> notices = new ArrayList<>();
                    rows.forEach(row -> {
                        StoredNotice n = read(row);
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("breach", n.breach().toString());
                        entry.put("jurisdiction", n.jurisdiction());
                        entry.put("clock", n.clock());
                        entry.put("notice", n.notice());
                        entry.put("notifiedAt", n.notifiedAt().toString());
                        var delivered = row.getOffsetDateTime("delivered_at");
                        entry.put(
                                "deliveredAt",
                                delivered == null ? null : delivered.toInstant().toString());
                        notices.add(entry);
                    });
                    return notices;
                });
    }

    record StoredNotice(
            UUID breach, String jurisdiction, String clock, String user, String notice, Instant notifiedAt) {}

    private static StoredNotice read(Row row) {
        return new StoredNotice(
                row.getUUID("breach_id"),
                row.getString("jurisdiction"),
                row.getString("clock"),
                row.getString("user_id"),
                row.getString("notice"),
                row.getOffsetDateTime("notified_at").toInstant());
    }
}
