package dev.charter.moderation;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;

/**
 * What a report is about, read on the SQL client so a worker thread (a file download) can wait for it: Panache
 * sessions belong to the event loop.
 */
@Singleton
class ReportTargetRepository {

    /** The reported message (its conversation and seq) and its sender. */
    record Target(UUID report, UUID conversation, long seq, String reportedUser) {}

    private final Pool pool;

    ReportTargetRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Opens the report on a refused upload: seq 0 (there is no message), its digest in {@code attachment_sha256},
     * at most one open per uploader and file.
     */
    Uni<Void> openUploadReport(UUID conversation, String uploader, String category, String note, String sha256) {
        return pool.preparedQuery("INSERT INTO report (id, source, conversation_id, seq, reported_user, reason, "
                        + "category, note, attachment_sha256) VALUES ($1, 'upload', $2, 0, $3, 'illegal', $4, $5, $6)"
                        + " ON CONFLICT (reported_user, attachment_sha256)"
                        + " WHERE source = 'upload' AND status = 'open' DO NOTHING")
                .execute(Tuple.from(new Object[] {UUID.randomUUID(), conversation, uploader, category, note, sha256}))
                .replaceWithVoid();
    }

    Uni<Optional<Target>> of(UUID report) {
        return pool.preparedQuery("SELECT conversation_id, seq, reported_user FROM report WHERE id = $1")
                .execute(Tuple.of(report))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Target(
                            report,
                            row.getUUID("conversation_id"),
                            row.getLong("seq"),
                            row.getString("reported_user")));
                });
    }
}
