package dev.charter.crypto;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of {@code data_key}. */
@ApplicationScoped
class DataKeyRepository {

    private static final String COLUMNS = "user_id, epoch, version, key_id, wrapped_key, key_ref, destroyed_reason";

    private final Pool pool;

    DataKeyRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<StoredDataKey> find(DataKeyId id) {
        return pool.preparedQuery(
                        "SELECT " + COLUMNS + " FROM data_key WHERE user_id = $1 AND epoch = $2 AND version = $3")
                .execute(Tuple.of(id.userId(), id.epoch(), id.version()))
                .map(rows -> rows.size() == 0 ? null : toKey(rows.iterator().next()));
    }

    /**
     * Stores a new wrapped DEK unless another instance stored one for the same (user, epoch, version)
     * first; false then, and the caller re-reads the winner.
     */
    Uni<Boolean> insert(DataKeyId id, UUID keyId, byte[] wrapped, String provider, String keyRef) {
        return pool.preparedQuery("""
                INSERT INTO data_key (user_id, epoch, version, key_id, wrapped_key, provider, key_ref)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, epoch, version) DO NOTHING""")
                .execute(Tuple.from(new Object[] {
                    id.userId(), id.epoch(), id.version(), keyId, Buffer.buffer(wrapped), provider, keyRef
                }))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Live keys not wrapped under {@code currentRef} with ids after {@code afterKeyId}, in id order. */
    Uni<List<StoredDataKey>> notWrappedUnder(String currentRef, UUID afterKeyId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM data_key WHERE destroyed_at IS NULL AND key_ref <> $1"
                        + " AND key_id > $2 ORDER BY key_id LIMIT $3")
                .execute(Tuple.of(currentRef, afterKeyId, limit))
                .map(DataKeyRepository::toKeys);
    }

    Uni<Long> countNotWrappedUnder(String currentRef) {
        return pool.preparedQuery("SELECT count(*) FROM data_key WHERE destroyed_at IS NULL AND key_ref <> $1")
                .execute(Tuple.of(currentRef))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Replaces the wrap if nobody changed it meanwhile (destroyed, or re-wrapped by another instance). */
    Uni<Boolean> rewrap(UUID keyId, String oldRef, byte[] wrapped, String newRef) {
        return pool.preparedQuery("""
                UPDATE data_key SET wrapped_key = $3, key_ref = $4, rewrapped_at = now()
                 WHERE key_id = $1 AND key_ref = $2 AND destroyed_at IS NULL""")
                .execute(Tuple.of(keyId, oldRef, Buffer.buffer(wrapped), newRef))
                .map(rows -> rows.rowCount() == 1);
    }

    Uni<List<UUID>> liveKeyIdsOf(String userId) {
        return pool.preparedQuery(
                        "SELECT key_id FROM data_key WHERE user_id = $1 AND destroyed_at IS NULL ORDER BY key_id")
                .execute(Tuple.of(userId))
                .map(DataKeyRepository::toIds);
    }

    Uni<List<UUID>> liveKeyIdsBefore(int epoch, List<String> keep) {
        return pool.preparedQuery("SELECT key_id FROM data_key WHERE epoch < $1 AND destroyed_at IS NULL"
                        + " AND user_id <> ALL($2) ORDER BY key_id")
                .execute(Tuple.of(epoch, keep.toArray(String[]::new)))
                .map(DataKeyRepository::toIds);
    }

    Uni<List<UUID>> deleteDestroyed(SqlClient client, String userId) {
        return client.preparedQuery(
                        "DELETE FROM data_key WHERE user_id = $1 AND destroyed_at IS NOT NULL RETURNING key_id")
                .execute(Tuple.of(userId))
                .map(DataKeyRepository::toIds);
    }

    /**
     * Live keys of months before {@code epoch} owned by users of {@code jurisdiction} (read from
     * {@code app_user} in the statement, for retention), at most {@code limit}, none of {@code keep}'s.
     */
    Uni<List<UUID>> liveKeyIdsBefore(String jurisdiction, int epoch, int limit, List<String> keep) {
        return pool.preparedQuery("""
                SELECT k.key_id FROM data_key k JOIN app_user u ON u.id = k.user_id
                 WHERE u.jurisdiction = $1 AND k.epoch < $2 AND k.destroyed_at IS NULL
                   AND k.user_id <> ALL($4)
                 ORDER BY k.key_id LIMIT $3""")
                .execute(Tuple.of(jurisdiction, epoch, limit, keep.toArray(String[]::new)))
                .map(DataKeyRepository::toIds);
    }

    /**
     * Destroys these keys, plus any of {@code userId}'s or of months before {@code beforeEpoch} created
     * meanwhile (either may be null; start-up replay passes only ids).
     */
    Uni<List<UUID>> destroy(SqlClient client, List<UUID> keyIds, String userId, Integer beforeEpoch, String reason) {
        return client.preparedQuery("""
                UPDATE data_key SET wrapped_key = NULL, destroyed_at = now(), destroyed_reason = $4
                 WHERE destroyed_at IS NULL
                   AND (key_id = ANY($1)
                        OR user_id = $2::text
                        OR ($3::int4 IS NOT NULL AND epoch < $3))
                RETURNING key_id""")
                .execute(Tuple.of(keyIds.toArray(UUID[]::new), userId, beforeEpoch, reason))
                .map(DataKeyRepository::toIds);
    }

    private static List<UUID> toIds(RowSet<Row> rows) {
        List<UUID> ids = new ArrayList<>(rows.size());
        rows.forEach(row -> ids.add(row.getUUID(0)));
        return ids;
    }

    private static List<StoredDataKey> toKeys(RowSet<Row> rows) {
        List<StoredDataKey> keys = new ArrayList<>(rows.size());
        rows.forEach(row -> keys.add(toKey(row)));
        return keys;
    }

    private static StoredDataKey toKey(Row row) {
        io.vertx.mutiny.core.buffer.Buffer wrapped = row.getBuffer("wrapped_key");
        return new StoredDataKey(
                new DataKeyId(row.getString("user_id"), row.getInteger("epoch"), row.getInteger("version")),
                row.getUUID("key_id"),
                wrapped == null ? null : wrapped.getBytes(),
                row.getString("key_ref"),
                row.getString("destroyed_reason"));
    }
}
