package dev.charter.blocking;

import dev.charter.common.PeerCaches;
import dev.charter.identity.UserDataErasure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** SQL of blocks. Joins the erasure's transaction: an erased user's blocks go in both directions. */
@Singleton
public class BlockRepository implements UserDataErasure {

    private final Pool pool;
    private final PeerCaches peers;

    BlockRepository(Pool pool, PeerCaches peers) {
        this.pool = pool;
        this.peers = peers;
    }

    Uni<Void> insert(SqlClient conn, String blocker, String blocked) {
        return conn.preparedQuery("""
                INSERT INTO user_block (blocker_id, blocked_id) VALUES ($1, $2)
                ON CONFLICT (blocker_id, blocked_id) DO NOTHING""").execute(Tuple.of(blocker, blocked)).replaceWithVoid();
    }

    Uni<Void> delete(SqlClient conn, String blocker, String blocked) {
        return conn.preparedQuery("DELETE FROM user_block WHERE blocker_id = $1 AND blocked_id = $2")
                .execute(Tuple.of(blocker, blocked))
                .replaceWithVoid();
    }

    Uni<Boolean> blocks(String blocker, String blocked) {
        return pool.preparedQuery("SELECT 1 FROM user_block WHERE blocker_id = $1 AND blocked_id = $2")
                .execute(Tuple.of(blocker, blocked))
                .map(rows -> rows.iterator().hasNext());
    }

    /** Which of {@code blockers} block {@code blocked}. */
    Uni<List<String>> blockersAmong(List<String> blockers, String blocked) {
        return pool.preparedQuery("SELECT blocker_id FROM user_block WHERE blocked_id = $1 AND blocker_id = ANY($2)")
                .execute(Tuple.of(blocked, blockers.toArray(String[]::new)))
                .map(rows -> {
                    List<String> found = new ArrayList<>();
                    rows.forEach(row -> found.add(row.getString(0)));
                    return found;
                });
    }

    Uni<List<Block>> madeBy(String blocker) {
        return pool.preparedQuery("""
                SELECT blocked_id, created_at FROM user_block WHERE blocker_id = $1 ORDER BY created_at, blocked_id""").execute(Tuple.of(blocker)).map(rows -> {
            List<Block> found = new ArrayList<>();
            rows.forEach(row -> found.add(new Block(
                    row.getString(0),
                    row.getOffsetDateTime(1)
                            .withOffsetSameInstant(ZoneOffset.UTC)
                            .toInstant()
                            .toString())));
            return found;
        });
    }

    @Override
    public Uni<Void> eraseUserData(SqlClient transaction, String userId) {
        return transaction
                .preparedQuery("DELETE FROM user_block WHERE blocker_id = $1 OR blocked_id = $1")
                .execute(Tuple.of(userId))
                .flatMap(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().voidItem()
                        : peers.invalidate(transaction, BlockService.TOPIC, PeerCaches.Invalidated.ALL));
    }
}
