package dev.charter.breach;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

@ApplicationScoped
public class BreachRepository {

    private static final String COLUMNS = "id, title, description, detected_at, occurred_at, data_categories, "
            + "affected_query, recorded_by, recorded_at";
    private static final String USER_COLUMNS = "id, coalesce(jurisdiction, '" + NotificationWindow.UNASSIGNED
            + "') AS jurisdiction, status = 'erased' AS erased";

    private final Pool pool;

    BreachRepository(Pool pool) {
        this.pool = pool;
    }

    <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** The named users that exist (unknown ids are simply missing from the answer). */
    Uni<List<AffectedUser>> usersByIds(List<String> ids) {
        return pool.preparedQuery("SELECT " + USER_COLUMNS + " FROM app_user WHERE id = ANY($1) ORDER BY id")
                .execute(Tuple.of(ids.toArray(String[]::new))).map(BreachRepository::toUsers);
    }

    /** Users of any of these countries or jurisdictions whose account existed by {@code existedBy}. */
    Uni<List<AffectedUser>> usersMatching(List<String> countries, List<String> jurisdictions, Instant existedBy) {
        return pool.preparedQuery("SELECT " + USER_COLUMNS + " FROM app_user WHERE "
                + "(country = ANY($1) OR jurisdiction = ANY($2)) AND created_at <= $3 ORDER BY id")
                .execute(Tuple.of(countries.toArray(String[]::new), jurisdictions.toArray(String[]::new),
                        utc(existedBy)))
                .map(BreachRepository::toUsers);
    }

    Uni<Void> insert(SqlConnection conn, Breach b, List<BreachJurisdiction> jurisdictions, List<AffectedUser> named) {
        List<Tuple> jurisdictionRows = jurisdictions.stream().map(j -> Tuple.from(Arrays.asList(b.id(),
                j.jurisdiction(), j.windowHours(), utc(j.deadline()), j.source(), (int) j.erasedCount()))).toList();
        List<Tuple> userRows = named.stream().map(u -> Tuple.of(b.id(), u.id(), u.jurisdiction())).toList();
        return conn.preparedQuery("INSERT INTO breach (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(Arrays.asList(b.id(), b.title(), b.description(), utc(b.detectedAt()),
                        utc(b.occurredAt()), b.dataCategories().toArray(String[]::new), b.affectedQuery(),
                        b.recordedBy(), utc(b.recordedAt()))))
                .flatMap(ignored -> conn.preparedQuery("INSERT INTO breach_jurisdiction (breach_id, jurisdiction, "
                        + "window_hours, deadline, source, erased_count) VALUES ($1, $2, $3, $4, $5, $6)")
                        .executeBatch(jurisdictionRows))
                .flatMap(ignored -> userRows.isEmpty() ? Uni.createFrom().voidItem()
                        : conn.preparedQuery("INSERT INTO breach_user (breach_id, user_id, jurisdiction) "
                                + "VALUES ($1, $2, $3)").executeBatch(userRows).replaceWithVoid())
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

    /** The affected users still named (erased ones are left out), by jurisdiction. */
    Uni<Map<String, List<String>>> namedUsers(UUID breachId) {
        return pool.preparedQuery("SELECT bu.jurisdiction, bu.user_id FROM breach_user bu "
                + "JOIN app_user u ON u.id = bu.user_id WHERE bu.breach_id = $1 AND u.status <> 'erased' "
                + "ORDER BY bu.jurisdiction, bu.user_id")
                .execute(Tuple.of(breachId))
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

    private static List<AffectedUser> toUsers(RowSet<Row> rows) {
        List<AffectedUser> list = new ArrayList<>();
        rows.forEach(row -> list.add(new AffectedUser(row.getString("id"), row.getString("jurisdiction"),
                row.getBoolean("erased"))));
        return list;
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
