package dev.charter.federation;

import dev.charter.identity.UserDataErasure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL of erasures sent to peer regions. Joining the erasure's transaction as a {@link UserDataErasure}, it
 * queues one row per peer for a user of this region, so the erasure and the duty to pass it on commit together.
 */
@ApplicationScoped
public class RemoteErasureRepository implements UserDataErasure {

    private final Pool pool;
    private final Peers peers;

    RemoteErasureRepository(Pool pool, Peers peers) {
        this.pool = pool;
        this.peers = peers;
    }

    @Override
    public Uni<Void> eraseUserData(SqlClient transaction, String userId) {
        if (!peers.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return transaction
                .preparedQuery("""
                        INSERT INTO remote_erasure (user_id, region)
                        SELECT $1, r FROM unnest($2::text[]) AS r
                         WHERE EXISTS (SELECT 1 FROM app_user WHERE id = $1 AND home_region IS NULL)
                        ON CONFLICT (user_id, region) DO NOTHING""")
                .execute(Tuple.of(userId, peers.regions().toArray(String[]::new)))
                .replaceWithVoid();
    }

    public record Pending(String user, String region) {}

    /** Erasures still without a receipt, oldest first. */
    public Uni<List<Pending>> pending(int limit) {
        return pool.preparedQuery("""
                SELECT user_id, region FROM remote_erasure WHERE done_at IS NULL
                 ORDER BY requested_at, user_id, region LIMIT $1""").execute(Tuple.of(limit)).map(rows -> {
            List<Pending> pending = new ArrayList<>();
            rows.forEach(row -> pending.add(new Pending(row.getString(0), row.getString(1))));
            return pending;
        });
    }

    public Uni<Void> received(String user, String region, JsonObject receipt) {
        return pool.preparedQuery("""
                UPDATE remote_erasure SET receipt = $3, done_at = now(), attempts = attempts + 1
                 WHERE user_id = $1 AND region = $2 AND done_at IS NULL""").execute(Tuple.of(user, region, receipt)).replaceWithVoid();
    }

    public Uni<Void> failed(String user, String region) {
        return pool.preparedQuery(
                        "UPDATE remote_erasure SET attempts = attempts + 1 WHERE user_id = $1 AND region = $2")
                .execute(Tuple.of(user, region))
                .replaceWithVoid();
    }

    /** Per region: the receipt, or null while the region has not answered yet. */
    public record Status(String region, JsonObject receipt) {}

    public Uni<List<Status>> statusOf(String user) {
        return pool.preparedQuery("SELECT region, receipt FROM remote_erasure WHERE user_id = $1 ORDER BY region")
                .execute(Tuple.of(user))
                .map(rows -> {
                    List<Status> statuses = new ArrayList<>();
                    rows.forEach(row -> statuses.add(new Status(row.getString(0), (JsonObject) row.getValue(1))));
                    return statuses;
                });
    }
}
