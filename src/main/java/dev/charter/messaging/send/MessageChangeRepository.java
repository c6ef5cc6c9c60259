package dev.charter.messaging.send;

import dev.charter.common.PgNotify;
import dev.charter.crypto.SealedText;
import dev.charter.messaging.FanoutChannel;
import dev.charter.messaging.StoredMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** SQL of what an author does to a sent message (edit, unsend), of typing announcements and of kept originals. */
@Singleton
public class MessageChangeRepository {

    private final Pool pool;

    MessageChangeRepository(Pool pool) {
        this.pool = pool;
    }

    /** A message locked for a change, and whether members of other regions keep replicas of its conversation. */
    public record Locked(StoredMessage message, boolean sharedWithOtherRegions) {}

    /** Locks the message row until the transaction ends; empty when there is none. */
    public Uni<Optional<Locked>> lock(SqlConnection conn, UUID conversation, long seq) {
        return conn.preparedQuery("""
                SELECT m.id, m.sender_id, m.client_msg_id, m.key_epoch, m.key_version, m.nonce, m.ciphertext, m.sent_at,
                       m.state, m.edited_at,
                       EXISTS (SELECT 1 FROM member mb JOIN app_user u ON u.id = mb.user_id
                                WHERE mb.conversation_id = m.conversation_id AND u.home_region IS NOT NULL) AS shared
                  FROM message m WHERE m.conversation_id = $1 AND m.seq = $2 FOR UPDATE OF m""").execute(Tuple.of(conversation, seq)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return Optional.empty();
            }
            Row row = it.next();
            OffsetDateTime editedAt = row.getOffsetDateTime("edited_at");
            return Optional.of(new Locked(
                    new StoredMessage(
                            conversation,
                            seq,
                            row.getUUID("id"),
                            row.getString("sender_id"),
                            row.getUUID("client_msg_id"),
                            new SealedText(
                                    row.getInteger("key_epoch"),
                                    row.getInteger("key_version"),
                                    row.getBuffer("nonce").getBytes(),
                                    row.getBuffer("ciphertext").getBytes()),
                            row.getOffsetDateTime("sent_at").toInstant(),
                            row.getString("state"),
                            null,
                            editedAt == null ? null : editedAt.toInstant()),
                    row.getBoolean("shared")));
        });
    }

    /** Replaces the body with its edit and announces it (delivered only if the transaction commits). */
    public Uni<Void> replaceBody(SqlConnection conn, UUID conversation, long seq, SealedText body, Instant editedAt) {
        return conn.preparedQuery("""
                UPDATE message SET key_epoch = $3, key_version = $4, nonce = $5, ciphertext = $6, edited_at = $7
                 WHERE conversation_id = $1 AND seq = $2""")
                .execute(Tuple.from(new Object[] {
                    conversation,
                    seq,
                    body.keyEpoch(),
                    body.keyVersion(),
                    Buffer.buffer(body.nonce()),
                    Buffer.buffer(body.ciphertext()),
                    editedAt.atOffset(ZoneOffset.UTC)
                }))
                .flatMap(ignored -> PgNotify.send(conn, FanoutChannel.NAME, FanoutChannel.edited(conversation, seq)));
    }

    /**
     * Marks the message deleted by its sender and drops its ciphertext (the seq stays, so history has no gap),
     * and announces it.
     */
    public Uni<Void> markDeleted(SqlConnection conn, UUID conversation, long seq) {
        return conn.preparedQuery("""
                UPDATE message SET state = 'deleted', ciphertext = '\\x'::bytea
                 WHERE conversation_id = $1 AND seq = $2""")
                .execute(Tuple.of(conversation, seq))
                .flatMap(ignored -> PgNotify.send(conn, FanoutChannel.NAME, FanoutChannel.removed(conversation, seq)));
    }

    /** Keeps the body as it is now for moderators, unless one was kept already (the one first reported). */
    public Uni<Void> keepOriginal(SqlConnection conn, UUID conversation, long seq) {
        return conn.preparedQuery("""
                INSERT INTO message_original (conversation_id, seq, key_epoch, key_version, nonce, ciphertext)
                SELECT conversation_id, seq, key_epoch, key_version, nonce, ciphertext FROM message
                 WHERE conversation_id = $1 AND seq = $2 AND state = 'visible'
                ON CONFLICT (conversation_id, seq) DO NOTHING""").execute(Tuple.of(conversation, seq)).replaceWithVoid();
    }

    /** The body kept for moderators, if any. */
    public Uni<Optional<SealedText>> original(UUID conversation, long seq) {
        return pool.preparedQuery("SELECT key_epoch, key_version, nonce, ciphertext FROM message_original"
                        + " WHERE conversation_id = $1 AND seq = $2")
                .execute(Tuple.of(conversation, seq))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = it.next();
                    return Optional.of(new SealedText(
                            row.getInteger(0),
                            row.getInteger(1),
                            row.getBuffer(2).getBytes(),
                            row.getBuffer(3).getBytes()));
                });
    }

    /** Tells every instance a member is typing; nothing is stored. */
    public Uni<Void> announceTyping(UUID conversation, String user) {
        return PgNotify.send(pool, FanoutChannel.NAME, FanoutChannel.typing(conversation, user));
    }
}
