package dev.charter.attachment;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of the {@code attachment} table. */
@Singleton
public class AttachmentRepository {

    private static final String COLUMNS = "id, conversation_id, uploader_id, content_type, size, key_epoch, "
            + "key_version, digest_nonce, digest_sealed, client_msg_id";

    private static final String A_COLUMNS = COLUMNS.replaceAll("(\\w+)", "a.$1");

    private final Pool pool;

    AttachmentRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Long> usedBytes(String uploader) {
        return pool.preparedQuery("SELECT coalesce(sum(size), 0) FROM attachment WHERE uploader_id = $1")
                .execute(Tuple.of(uploader))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Stores the row unless it would take the uploader past {@code quota}; false then. Concurrent uploads of one
     * user are counted one after another (a transaction-scoped advisory lock on the uploader).
     */
    Uni<Boolean> insertWithinQuota(StoredAttachment a, long quota) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                        "SELECT pg_advisory_xact_lock(hashtextextended('charter.attachment.quota:' || $1, 0))")
                .execute(Tuple.of(a.uploader()))
                .flatMap(locked -> tx.preparedQuery(
                                "SELECT coalesce(sum(size), 0) FROM attachment WHERE uploader_id = $1")
                        .execute(Tuple.of(a.uploader())))
                .flatMap(rows -> {
                    long used = rows.iterator().next().getLong(0);
                    if (used + a.size() > quota) {
                        return Uni.createFrom().item(false);
                    }
                    return tx.preparedQuery("INSERT INTO attachment (id, conversation_id, uploader_id, "
                                    + "content_type, size, chunk_size, key_epoch, key_version, digest_nonce, "
                                    + "digest_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                            .execute(Tuple.from(new Object[] {
                                a.id(),
                                a.conversation(),
                                a.uploader(),
                                a.contentType(),
                                a.size(),
                                ChunkFormat.CHUNK_BYTES,
                                a.keyEpoch(),
                                a.keyVersion(),
                                Buffer.buffer(a.digestNonce()),
                                Buffer.buffer(a.digestSealed())
                            }))
                            .map(inserted -> true);
                }));
    }

    /**
     * Claims the files for the uploader's message {@code clientMsgId}; all or none: an empty list when any is not
     * the uploader's in this conversation or is claimed by another message.
     */
    Uni<List<StoredAttachment>> claim(String uploader, UUID conversation, UUID clientMsgId, List<UUID> ids) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE attachment SET client_msg_id = $3 "
                                + "WHERE id = ANY($4) AND uploader_id = $1 AND conversation_id = $2 "
                                + "AND (client_msg_id IS NULL OR client_msg_id = $3) RETURNING " + COLUMNS)
                        .execute(Tuple.of(uploader, conversation, clientMsgId, ids.toArray(UUID[]::new)))
                        .map(AttachmentRepository::readAll)
                        .flatMap(claimed -> claimed.size() == ids.size()
                                ? Uni.createFrom().item(claimed)
                                : Uni.createFrom().<List<StoredAttachment>>failure(new NotClaimed())))
                .onFailure(NotClaimed.class)
                .recoverWithItem(List.of());
    }

    /** Rolls a partial claim back. */
    private static final class NotClaimed extends RuntimeException {
        NotClaimed() {
            super(null, null, false, false);
        }
    }

    /** The files claimed by these messages, each given as its sender and client message id. */
    Uni<List<StoredAttachment>> claimedBy(List<String> senders, List<UUID> clientMsgIds) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM attachment a "
                        + "JOIN unnest($1::text[], $2::uuid[]) AS m(msg_sender, msg_client_id) "
                        + "ON a.uploader_id = m.msg_sender AND a.client_msg_id = m.msg_client_id "
                        + "ORDER BY a.created_at, a.id")
                .execute(Tuple.of(senders.toArray(String[]::new), clientMsgIds.toArray(UUID[]::new)))
                .map(AttachmentRepository::readAll);
    }

    /** The files of the message at {@code seq} in the conversation, in upload order. */
    Uni<List<StoredAttachment>> attachedTo(UUID conversation, long seq) {
        return pool.preparedQuery("SELECT " + A_COLUMNS + " FROM attachment a "
                        + "JOIN message m ON m.sender_id = a.uploader_id AND m.client_msg_id = a.client_msg_id "
                        + "WHERE m.conversation_id = $1 AND m.seq = $2 ORDER BY a.created_at, a.id")
                .execute(Tuple.of(conversation, seq))
                .map(AttachmentRepository::readAll);
    }

    Uni<Optional<StoredAttachment>> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM attachment WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(read(rows.iterator().next())));
    }

    /** Every attachment the user uploaded, oldest first (the export). */
    Uni<List<StoredAttachment>> byUploader(String uploader) {
        return pool.preparedQuery(
                        "SELECT " + COLUMNS + " FROM attachment WHERE uploader_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(uploader))
                .map(AttachmentRepository::readAll);
    }

    /** Deletes the user's rows in the caller's transaction and returns their ids, so the files can go too. */
    Uni<List<UUID>> deleteByUploader(SqlClient transaction, String uploader) {
        return transaction
                .preparedQuery("DELETE FROM attachment WHERE uploader_id = $1 RETURNING id")
                .execute(Tuple.of(uploader))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID(0)));
                    return ids;
                });
    }

    /** Deletes up to {@code limit} rows whose data key was destroyed (retention or erasure): nothing opens them. */
    Uni<List<UUID>> deleteUnderDestroyedKeys(int limit) {
        return pool.preparedQuery("""
                DELETE FROM attachment WHERE id IN (
                    SELECT a.id FROM attachment a JOIN data_key k
                      ON k.user_id = a.uploader_id AND k.epoch = a.key_epoch AND k.version = a.key_version
                     WHERE k.destroyed_at IS NOT NULL
                     LIMIT $1)
                RETURNING id""").execute(Tuple.of(limit)).map(rows -> {
            List<UUID> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getUUID(0)));
            return ids;
        });
    }

    Uni<Boolean> delete(UUID id) {
        return pool.preparedQuery("DELETE FROM attachment WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    private static List<StoredAttachment> readAll(RowSet<Row> rows) {
        List<StoredAttachment> all = new ArrayList<>();
        rows.forEach(row -> all.add(read(row)));
        return all;
    }

    private static StoredAttachment read(Row row) {
        return new StoredAttachment(
                row.getUUID("id"),
                row.getUUID("conversation_id"),
                row.getString("uploader_id"),
                row.getString("content_type"),
                row.getLong("size"),
                row.getInteger("key_epoch"),
                row.getInteger("key_version"),
                row.getBuffer("digest_nonce").getBytes(),
                row.getBuffer("digest_sealed").getBytes(),
                row.getUUID("client_msg_id"));
    }
}
