package dev.charter.breach;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

@ApplicationScoped
public class BreachRepository {

    private static final String COLUMNS = "id, title, description, detected_at, occurred_at, data_categories, "
            + "affected_query, recorded_by, recorded_at";
    private static final String JURISDICTION = "coalesce(jurisdiction, '" + NotificationWindow.UNASSIGNED + "')";
    /** Views name at most this many users per jurisdiction (each one named is an audited access). */
    static final int LISTED_PER_JURISDICTION = 1_000;

    private final Pool pool;

    BreachRepository(Pool pool) {
        this.pool = pool;
    }

    <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** The subset of {@code ids} that exist (erased ones included). */
    Uni<Set<String>> existing(List<String> ids) {
        return pool.preparedQuery("SELECT id FROM app_user WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> found = new HashSet<>();
                    rows.forEach(row -> found.add(row.getString(0)));
                    return found;
                });
    }

    Uni<Void> insert(SqlConnection conn, Breach b) {
        return conn.preparedQuery("INSERT INTO breach (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(Arrays.asList(b.id(), b.title(), b.description(), utc(b.detectedAt()),
                        utc(b.occurredAt()), b.dataCategories().toArray(String[]::new), b.affectedQuery(),
                        b.recordedBy(), utc(b.recordedAt()))))
                .replaceWithVoid();
    }

    /**
     * Stores every selected user who is not erased, under the jurisdiction that governs them now, and answers
     * the tally per jurisdiction, erased users counted; one statement, so the rows and the tally agree.
     */
    Uni<List<JurisdictionTally>> insertUsers(SqlConnection conn, UUID breachId, UserSelection selection) {
        return conn.preparedQuery("WITH selected AS (SELECT id, " + JURISDICTION + " AS j, status = 'erased' AS erased "
                + "FROM app_user WHERE " + selection.where() + "), stored AS (INSERT INTO breach_user (breach_id, "
                + "user_id, jurisdiction) SELECT $" + selection.next() + "::uuid, id, j FROM selected WHERE NOT erased) "
                + "SELECT j, count(*) FILTER (WHERE NOT erased), count(*) FILTER (WHERE erased) FROM selected "
                + "GROUP BY j ORDER BY j")
                .execute(selection.tupleWith(breachId))
                .map(rows -> {
                    List<JurisdictionTally> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new JurisdictionTally(row.getString(0), row.getLong(1),
                            row.getLong(2))));
                    return list;
                });
    }

    Uni<Void> insertJurisdictions(SqlConnection conn, List<BreachJurisdiction> jurisdictions) {
        return conn.preparedQuery("INSERT INTO breach_jurisdiction (breach_id, jurisdiction, window_hours, deadline, "
                + "source, erased_count) VALUES ($1, $2, $3, $4, $5, $6)")
                .executeBatch(jurisdictions.stream().map(j -> Tuple.from(Arrays.asList(j.breachId(),
                        j.jurisdiction(), j.windowHours(), utc(j.deadline()), j.source(), (int) j.erasedCount())))
                        .toList())
                .replaceWithVoid();
    }

    Uni<Optional<Breach>> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM breach WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(toBreach(rows.iterator().next()))
                        : Optional.empty());
    }

    /** Newest first; optionally only breaches with a jurisdiction past its deadline and not yet notified. */
    Uni<List<Breach>> search(boolean overdueOnly, Instant now) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM breach b WHERE $1 = false OR EXISTS ("
                + "SELECT 1 FROM breach_jurisdiction j WHERE j.breach_id = b.id AND j.notified_at IS NULL "
                + "AND j.deadline < $2) ORDER BY detected_at DESC, id LIMIT 1000")
                .execute(Tuple.of(overdueOnly, utc(now)))
                .map(rows -> {
                    List<Breach> list = new ArrayList<>();
                    rows.forEach(row -> list.add(toBreach(row)));
                    return list;
                });
    }

    /**
     * The jurisdictions of these breaches with their counts as of now: a user erased since the breach was
     * recorded moves from the listed count to the erased count.
     */
    Uni<List<BreachJurisdiction>> jurisdictions(List<UUID> breachIds) {
        return pool.preparedQuery("""
                SELECT j.breach_id, j.jurisdiction, j.window_hours, j.deadline, j.source, j.notified_at,
                       j.notified_by, j.reference,
                       count(u.id) FILTER (WHERE u.status <> 'erased') AS listed,
                       j.erased_count + count(u.id) FILTER (WHERE u.status = 'erased') AS erased
                  FROM breach_jurisdiction j
                  LEFT JOIN breach_user bu ON bu.breach_id = j.breach_id AND bu.jurisdiction = j.jurisdiction
                  LEFT JOIN app_user u ON u.id = bu.user_id
                 WHERE j.breach_id = ANY($1)
                 GROUP BY j.breach_id, j.jurisdiction
                 ORDER BY j.breach_id, j.jurisdiction""")
                .execute(Tuple.of(breachIds.toArray(UUID[]::new)))
                .map(rows -> {
                    List<BreachJurisdiction> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new BreachJurisdiction(row.getUUID("breach_id"),
                            row.getString("jurisdiction"), row.getInteger("window_hours"), instant(row, "deadline"),
                            row.getString("source"), row.getLong("listed"), row.getLong("erased"),
                            instant(row, "notified_at"), row.getString("notified_by"), row.getString("reference"))));
                    return list;
                });
    }

    /** The affected users still named (erased ones are left out), by jurisdiction, at most {@link
     * #LISTED_PER_JURISDICTION} each. */
    Uni<Map<String, List<String>>> namedUsers(UUID breachId) {
        return pool.preparedQuery("SELECT jurisdiction, user_id FROM (SELECT bu.jurisdiction, bu.user_id, "
                + "row_number() OVER (PARTITION BY bu.jurisdiction ORDER BY bu.user_id) AS n FROM breach_user bu "
                + "JOIN app_user u ON u.id = bu.user_id WHERE bu.breach_id = $1 AND u.status <> 'erased') listed "
                + "WHERE n <= $2 ORDER BY jurisdiction, user_id")
                .execute(Tuple.of(breachId, LISTED_PER_JURISDICTION))
                .map(rows -> {
                    Map<String, List<String>> byJurisdiction = new LinkedHashMap<>();
                    rows.forEach(row -> byJurisdiction.computeIfAbsent(row.getString(0), k -> new ArrayList<>())
                            .add(row.getString(1)));
                    return byJurisdiction;
                });
    }

    /** False when the jurisdiction's regulator was already notified. */
    Uni<Boolean> markNotified(SqlConnection conn, UUID breachId, String jurisdiction, Instant at, String by,
            String reference) {
        return conn.preparedQuery("UPDATE breach_jurisdiction SET notified_at = $3, notified_by = $4, reference = $5 "
                + "WHERE breach_id = $1 AND jurisdiction = $2 AND notified_at IS NULL")
                .execute(Tuple.from(Arrays.asList(breachId, jurisdiction, utc(at), by, reference)))
                .map(rows -> rows.rowCount() > 0);
    }

    private static Breach toBreach(Row row) {
        Object query = row.getValue("affected_query");
        return new Breach(row.getUUID("id"), row.getString("title"), row.getString("description"),
                instant(row, "detected_at"), instant(row, "occurred_at"),
                List.of(row.getArrayOfStrings("data_categories")), query instanceof JsonObject json ? json : null,
                row.getString("recorded_by"), instant(row, "recorded_at"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
