package dev.charter.moderation;

import dev.charter.crypto.SealedText;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of reports, flags and suspensions. */
@ApplicationScoped
public class ReportRepository {

    private static final String COLUMNS = "id, source, reporter_id, conversation_id, seq, reported_user, reason, "
            + "category, note, status, action, decision_note, decided_by, decided_at, created_at";

    private final Pool pool;

    ReportRepository(Pool pool) {
        this.pool = pool;
    }

    /** {@code copy}: the reporter's sealed copy of an end-to-end encrypted message, or null. */
    Uni<Report> create(
            UUID id,
            String reporter,
            UUID conversation,
            long seq,
            String reportedUser,
            String reason,
            String note,
            SealedText copy) {
        return pool.preparedQuery("INSERT INTO report (id, source, reporter_id, conversation_id, seq, reported_user,"
                        + " reason, note, copy_key_epoch, copy_key_version, copy_nonce, copy_ciphertext)"
                        + " VALUES ($1, 'user', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(
                        id,
                        reporter,
                        conversation,
                        seq,
                        reportedUser,
                        reason,
                        note,
                        copy == null ? null : copy.keyEpoch(),
                        copy == null ? null : copy.keyVersion(),
                        copy == null ? null : Buffer.buffer(copy.nonce()),
                        copy == null ? null : Buffer.buffer(copy.ciphertext()))))
                .map(rows -> toReport(rows.iterator().next()));
    }

    /** The reporter's sealed copy, if the report has one. */
    Uni<Optional<SealedText>> copyOf(UUID report) {
        return pool.preparedQuery("SELECT copy_key_epoch, copy_key_version, copy_nonce, copy_ciphertext FROM report"
                        + " WHERE id = $1 AND copy_ciphertext IS NOT NULL")
                .execute(Tuple.of(report))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new SealedText(
                            row.getInteger("copy_key_epoch"),
                            row.getInteger("copy_key_version"),
                            row.getBuffer("copy_nonce").getBytes(),
                            row.getBuffer("copy_ciphertext").getBytes()));
                });
    }

    Uni<Optional<Report>> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM report WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(toReport(rows.iterator().next()))
                        : Optional.empty());
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

    Uni<List<Report>> byReporter(String reporter) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM report WHERE reporter_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(reporter))
                .map(ReportRepository::toReports);
    }

    Uni<List<Report>> byStatus(String status, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM report WHERE ($1::text IS NULL OR status = $1)"
                        + " ORDER BY created_at, id LIMIT $2")
                .execute(Tuple.of(status, limit))
                .map(ReportRepository::toReports);
    }

    Uni<Optional<Report>> find(SqlConnection conn, UUID id) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM report WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(toReport(rows.iterator().next()))
                        : Optional.empty());
    }

    Uni<Report> resolve(SqlConnection conn, UUID id, String action, String note, String moderator, Instant at) {
        return conn.preparedQuery("UPDATE report SET status = 'resolved', action = $2, decision_note = $3,"
                        + " decided_by = $4, decided_at = $5 WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(id, action, note, moderator, at.atOffset(ZoneOffset.UTC))))
                .map(rows -> toReport(rows.iterator().next()));
    }

    Uni<Void> suspend(SqlConnection conn, String user, UUID report, Instant until) {
        return conn.preparedQuery("INSERT INTO suspension (user_id, report_id, until) VALUES ($1, $2, $3)")
                .execute(Tuple.of(user, report, until.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
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

    private static List<Report> toReports(RowSet<Row> rows) {
        List<Report> list = new ArrayList<>(rows.size());
        rows.forEach(row -> list.add(toReport(row)));
        return list;
    }

    private static Report toReport(Row row) {
        OffsetDateTime decidedAt = row.getOffsetDateTime("decided_at");
        return new Report(
                row.getUUID("id"),
                row.getString("source"),
                row.getString("reporter_id"),
                row.getUUID("conversation_id"),
                row.getLong("seq"),
                row.getString("reported_user"),
                row.getString("reason"),
                row.getString("category"),
                row.getString("note"),
                row.getString("status"),
                row.getString("action"),
                row.getString("decision_note"),
                row.getString("decided_by"),
                decidedAt == null ? null : decidedAt.toInstant(),
                row.getOffsetDateTime("created_at").toInstant());
    }
}
