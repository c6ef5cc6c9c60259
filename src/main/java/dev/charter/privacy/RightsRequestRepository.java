package dev.charter.privacy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RightsRequestRepository {

    private static final String COLUMNS = "id, user_id, type, jurisdiction, status, details, received_at, due_at, "
            + "extended_until, extension_reason, completed_at, note";

    private final Pool pool;

    RightsRequestRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<RightsRequest> insert(RightsRequest r) {
        return pool.preparedQuery("INSERT INTO privacy_request (id, user_id, type, jurisdiction, status, details, "
                        + "received_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(
                        r.id(),
                        r.userId(),
                        r.type(),
                        r.jurisdiction(),
                        r.status(),
                        r.details(),
                        utc(r.receivedAt()),
                        utc(r.dueAt()))))
                .map(rows -> toRequest(rows.iterator().next()));
    }

    Uni<List<RightsRequest>> forUser(String user) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM privacy_request WHERE user_id = $1 ORDER BY received_at")
                .execute(Tuple.of(user))
                .map(RightsRequestRepository::toRequests);
    }

    Uni<Optional<RightsRequest>> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM privacy_request WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(toRequest(rows.iterator().next()))
                        : Optional.empty());
    }

    /** Requests for the privacy officer: optionally only open ones, optionally only those past their deadline. */
    Uni<List<RightsRequest>> search(boolean openOnly, boolean overdueOnly, Instant now) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM privacy_request WHERE "
                        + "($1 = false OR status IN ('received', 'in_progress')) AND "
                        + "($2 = false OR (status IN ('received', 'in_progress') AND coalesce(extended_until, due_at) < $3)) "
                        + "ORDER BY coalesce(extended_until, due_at) LIMIT 1000")
                .execute(Tuple.of(openOnly, overdueOnly, utc(now)))
                .map(RightsRequestRepository::toRequests);
    }

    /** Erasures still open that were received before {@code before}: their first run did not finish. */
    Uni<List<RightsRequest>> stalledErasures(Instant before, int limit) {
        return pool.preparedQuery(
                        "SELECT " + COLUMNS + " FROM privacy_request WHERE type = 'erasure'"
                                + " AND status IN ('received', 'in_progress') AND received_at < $1 ORDER BY received_at LIMIT $2")
                .execute(Tuple.of(utc(before), limit))
                .map(RightsRequestRepository::toRequests);
    }

    /** Sets the extended deadline once; false if it was already extended or is closed. */
    Uni<Boolean> extend(UUID id, Instant until, String reason) {
        return pool.preparedQuery("UPDATE privacy_request SET extended_until = $2, extension_reason = $3 "
                        + "WHERE id = $1 AND extended_until IS NULL AND status IN ('received', 'in_progress')")
                .execute(Tuple.of(id, utc(until), reason))
                .map(rows -> rows.rowCount() > 0);
    }

    Uni<Void> completeWithReceipt(UUID id, Instant at, JsonObject receipt) {
        return pool.preparedQuery("UPDATE privacy_request SET status = 'completed', completed_at = $2, note = $3,"
                        + " receipt = $4 WHERE id = $1")
                .execute(Tuple.of(id, utc(at), "personal data erased", receipt))
                .replaceWithVoid();
    }

    Uni<Optional<JsonObject>> receipt(UUID id) {
        return pool.preparedQuery("SELECT receipt FROM privacy_request WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() && rows.iterator().next().getValue(0) instanceof JsonObject j
                        ? Optional.of(j)
                        : Optional.empty());
    }

    Uni<Void> complete(UUID id, String status, Instant at, String note) {
        return pool.preparedQuery("UPDATE privacy_request SET status = $2, completed_at = $3, note = $4 WHERE id = $1")
                .execute(Tuple.of(id, status, utc(at), note))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static List<RightsRequest> toRequests(RowSet<Row> rows) {
        List<RightsRequest> list = new ArrayList<>();
        rows.forEach(row -> list.add(toRequest(row)));
        return list;
    }

    private static RightsRequest toRequest(Row row) {
        Object details = row.getValue("details");
        return new RightsRequest(
                row.getUUID("id"),
                row.getString("user_id"),
                row.getString("type"),
                row.getString("jurisdiction"),
                row.getString("status"),
                details instanceof JsonObject json ? json : new JsonObject(),
                instant(row, "received_at"),
                instant(row, "due_at"),
                instant(row, "extended_until"),
                row.getString("extension_reason"),
                instant(row, "completed_at"),
                row.getString("note"));
    }
}
