package dev.charter.federation;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of reports queued for the region hosting the reported conversation. */
@ApplicationScoped
public class RemoteReportRepository {

    private final Pool pool;

    RemoteReportRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> queue(UUID report, String region, JsonObject body) {
        return pool.preparedQuery("""
                INSERT INTO remote_report (report_id, region, body) VALUES ($1, $2, $3)
                ON CONFLICT (report_id, region) DO NOTHING""").execute(Tuple.of(report, region, body)).replaceWithVoid();
    }

    public record Pending(UUID report, String region, JsonObject body) {}

    public Uni<List<Pending>> pending(int limit) {
        return pool.preparedQuery("""
                SELECT report_id, region, body FROM remote_report WHERE forwarded_at IS NULL
                 ORDER BY queued_at, report_id LIMIT $1""").execute(Tuple.of(limit)).map(rows -> {
            List<Pending> pending = new ArrayList<>();
            rows.forEach(
                    row -> pending.add(new Pending(row.getUUID(0), row.getString(1), (JsonObject) row.getValue(2))));
            return pending;
        });
    }

    public Uni<Void> forwarded(UUID report, String region) {
        return pool.preparedQuery("""
                UPDATE remote_report SET forwarded_at = now(), attempts = attempts + 1
                 WHERE report_id = $1 AND region = $2""").execute(Tuple.of(report, region)).replaceWithVoid();
    }

    public Uni<Void> failed(UUID report, String region) {
        return pool.preparedQuery(
                        "UPDATE remote_report SET attempts = attempts + 1 WHERE report_id = $1 AND region = $2")
                .execute(Tuple.of(report, region))
                .replaceWithVoid();
    }
}
