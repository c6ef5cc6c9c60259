package dev.charter.messaging;

import dev.charter.crypto.SealedText;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** SQL of the message hot path: set-based statements over arrays, one round trip each per batch. */
@Singleton
public class MessageRepository {

    private static final String COLUMNS =
            "conversation_id, seq, id, sender_id, client_msg_id, key_epoch, key_version, nonce, ciphertext, sent_at, state, edited_at,"
                    + " (SELECT u.home_region FROM app_user u WHERE u.id = sender_id) AS sender_region";

    private final Pool pool;

    public MessageRepository(Pool pool) {
        this.pool = pool;
    }

    /** What {@link #reserveUnlessStored} found: the stored sends' acks, or (when none) the reserved last seqs. */
    public record Reservation(Map<SendKey, Ack> existing, Map<UUID, Long> lastSeqs) {}

    /** $1 conversations, $2 counts per conversation, $3 senders and $4 client message ids of the sends. */
    static final String RESERVE_UNLESS_STORED = """
            WITH existing AS (
                SELECT m.sender_id, m.client_msg_id, m.conversation_id, m.id, m.seq, m.sent_at
                  FROM unnest($3::text[], $4::uuid[]) AS k(s, c)
                 CROSS JOIN LATERAL (SELECT * FROM message WHERE sender_id = k.s AND client_msg_id = k.c LIMIT 1) m),
            locked AS (
                SELECT id FROM conversation WHERE id = ANY($1) AND NOT EXISTS (SELECT 1 FROM existing)
                 ORDER BY id FOR UPDATE),
            reserved AS (
                UPDATE conversation c SET last_seq = c.last_seq + v.n
                  FROM unnest($1::uuid[], $2::int8[]) AS v(id, n), locked l
                 WHERE c.id = v.id AND l.id = c.id
                RETURNING c.id, c.last_seq)
            SELECT NULL::text AS sender_id, NULL::uuid AS client_msg_id, r.id AS conversation_id, NULL::uuid AS id,
                   r.last_seq AS seq, NULL::timestamptz AS sent_at FROM reserved r
            UNION ALL
            SELECT e.sender_id, e.client_msg_id, e.conversation_id, e.id, e.seq, e.sent_at FROM existing e""";

    /**
     * One round trip for the common case: if none of {@code keys} is stored yet, reserves seqs as
     * {@link #reserveSeqs} does; otherwise reserves nothing and returns the stored ones' acks. The duplicate
     * check is one index probe per key (LATERAL ... LIMIT 1, which the planner cannot turn into a join): as a
     * join, a plan made while the table was small (a new region, statistics not yet refreshed) read the whole
     * table for every batch as it grew.
     */
    public Uni<Reservation> reserveUnlessStored(
            SqlConnection conn, List<SendKey> keys, UUID[] conversations, Long[] counts) {
        String[] senders = new String[keys.size()];
        UUID[] clientIds = new UUID[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            senders[i] = keys.get(i).sender();
            clientIds[i] = keys.get(i).clientMsgId();
        }
        return conn.preparedQuery(RESERVE_UNLESS_STORED)
                .execute(Tuple.of(conversations, counts, senders, clientIds))
                .map(rows -> {
                    Map<SendKey, Ack> existing = new HashMap<>();
                    Map<UUID, Long> lastSeqs = new HashMap<>();
                    for (Row row : rows) {
                        String sender = row.getString(0);
                        if (sender == null) {
                            lastSeqs.put(row.getUUID(2), row.getLong(4));
                        } else {
                            UUID clientMsgId = row.getUUID(1);
                            existing.put(
                                    new SendKey(sender, clientMsgId),
                                    new Ack(
                                            row.getUUID(2),
                                            clientMsgId,
                                            row.getUUID(3),
                                            row.getLong(4),
                                            row.getOffsetDateTime(5).toInstant()));
                        }
                    }
                    return new Reservation(existing, existing.isEmpty() ? lastSeqs : Map.of());
                });
    }

    /**
     * Reserves {@code counts[i]} consecutive seqs in {@code conversations[i]}; returns each conversation's
     * new last seq. Rows are locked in id order so concurrent writers on other instances cannot deadlock.
     */
    public Uni<Map<UUID, Long>> reserveSeqs(SqlConnection conn, UUID[] conversations, Long[] counts) {
        return conn.preparedQuery("""
                WITH locked AS (SELECT id FROM conversation WHERE id = ANY($1) ORDER BY id FOR UPDATE)
                UPDATE conversation c SET last_seq = c.last_seq + v.n
                  FROM unnest($1::uuid[], $2::int8[]) AS v(id, n), locked l
                 WHERE c.id = v.id AND l.id = c.id
                RETURNING c.id, c.last_seq""").execute(Tuple.of(conversations, counts)).map(rows -> {
            Map<UUID, Long> last = new HashMap<>();
            for (Row row : rows) {
                last.put(row.getUUID(0), row.getLong(1));
            }
            return last;
        });
    }

    /** A countersigned franking commitment to store with the message at (conversation, seq). */
    public record Franked(UUID conversation, long seq, dev.charter.franking.Countersignature countersignature) {}

    /**
     * As {@link #insertAndNotify(SqlConnection, List, List)}, storing the franking countersignatures of some of the
     * rows in the same statement; without any, exactly that statement.
     */
    public Uni<Void> insertAndNotify(
            SqlConnection conn, List<StoredMessage> messages, List<String> payloads, List<Franked> franked) {
        if (franked.isEmpty()) {
            return insertAndNotify(conn, messages, payloads);
        }
        int n = franked.size();
        UUID[] conversations = new UUID[n];
        Long[] seqs = new Long[n];
        Buffer[] commitments = new Buffer[n];
        Buffer[] signatures = new Buffer[n];
        String[] keyIds = new String[n];
        for (int i = 0; i < n; i++) {
            Franked f = franked.get(i);
            conversations[i] = f.conversation();
            seqs[i] = f.seq();
            commitments[i] = Buffer.buffer(f.countersignature().commitment());
            signatures[i] = Buffer.buffer(f.countersignature().signature());
            keyIds[i] = f.countersignature().keyId();
        }
        Tuple tuple = insertTuple(messages, payloads)
                .addArrayOfUUID(conversations)
                .addArrayOfLong(seqs)
                .addValue(commitments)
                .addValue(signatures)
                .addArrayOfString(keyIds);
        // The foreign key is checked at the end of the statement, after both inserts.
        return conn.preparedQuery(INSERT_MESSAGES.replace("SELECT pg_notify", """
                , franked AS (
                    INSERT INTO message_franking (conversation_id, seq, commitment, signature, key_id)
                    SELECT * FROM unnest($13::uuid[], $14::int8[], $15::bytea[], $16::bytea[], $17::text[]))
                SELECT pg_notify"""))
                .execute(tuple)
                .replaceWithVoid();
    }

    private static final String INSERT_MESSAGES = """
            WITH inserted AS (
                INSERT INTO message (conversation_id, seq, id, sender_id, client_msg_id, key_epoch, key_version,
                                     nonce, ciphertext, sent_at)
                SELECT * FROM unnest($1::uuid[], $2::int8[], $3::uuid[], $4::text[], $5::uuid[], $6::int4[],
                                     $7::int4[], $8::bytea[], $9::bytea[], $10::timestamptz[]))
            SELECT pg_notify($11, p) FROM unnest($12::text[]) AS p""";

    /** Inserts the rows and queues their NOTIFY payloads in one statement (one round trip per batch). */
    public Uni<Void> insertAndNotify(SqlConnection conn, List<StoredMessage> messages, List<String> payloads) {
        return conn.preparedQuery(INSERT_MESSAGES)
                .execute(insertTuple(messages, payloads))
                .replaceWithVoid();
    }

    private static Tuple insertTuple(List<StoredMessage> messages, List<String> payloads) {
        int n = messages.size();
        UUID[] conversations = new UUID[n];
        Long[] seqs = new Long[n];
        UUID[] ids = new UUID[n];
        String[] senders = new String[n];
        UUID[] clientIds = new UUID[n];
        Integer[] epochs = new Integer[n];
        Integer[] versions = new Integer[n];
        Buffer[] nonces = new Buffer[n];
        Buffer[] ciphertexts = new Buffer[n];
        OffsetDateTime[] sentAts = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            StoredMessage m = messages.get(i);
            conversations[i] = m.conversation();
            seqs[i] = m.seq();
            ids[i] = m.id();
            senders[i] = m.sender();
            clientIds[i] = m.clientMsgId();
            epochs[i] = m.body().keyEpoch();
            versions[i] = m.body().keyVersion();
            nonces[i] = Buffer.buffer(m.body().nonce());
            ciphertexts[i] = Buffer.buffer(m.body().ciphertext());
            sentAts[i] = m.sentAt().atOffset(ZoneOffset.UTC);
        }
        return Tuple.from(new Object[] {
            conversations,
            seqs,
            ids,
            senders,
            clientIds,
            epochs,
            versions,
            nonces,
            ciphertexts,
            sentAts,
            FanoutChannel.NAME,
            payloads.toArray(String[]::new)
        });
    }

    /** Messages with {@code afterSeq < seq <= toSeq}, oldest first, at most {@code limit}; expired ones are gone. */
    public Uni<List<StoredMessage>> range(UUID conversation, long afterSeq, long toSeq, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM message WHERE conversation_id = $1 AND seq > $2"
                        + " AND seq <= $3 AND state <> 'expired' ORDER BY seq LIMIT $4")
                .execute(Tuple.of(conversation, afterSeq, toSeq, limit))
                .map(MessageRepository::toMessages);
    }

    /** A page of what {@code sender} authored after (conversation, seq), with each conversation's E2EE flag. */
    public Uni<List<Authored>> authoredBy(String sender, UUID afterConversation, long afterSeq, int limit) {
        return pool.preparedQuery("SELECT m.conversation_id, m.seq, m.id, m.sender_id, m.client_msg_id, m.key_epoch,"
                        + " m.key_version, m.nonce, m.ciphertext, m.sent_at, m.state, m.edited_at, c.e2ee,"
                        // The export's own messages: their author is this region's user.
                        + " NULL::text AS sender_region FROM message m"
                        + " JOIN conversation c ON c.id = m.conversation_id"
                        + " WHERE m.sender_id = $1 AND (m.conversation_id, m.seq) > ($2, $3) AND m.state <> 'expired'"
                        + " ORDER BY m.conversation_id, m.seq LIMIT $4")
                .execute(Tuple.of(sender, afterConversation, afterSeq, limit))
                .map(rows -> {
                    List<StoredMessage> stored = toMessages(rows);
                    List<Authored> page = new ArrayList<>(stored.size());
                    int i = 0;
                    for (Row row : rows) {
                        page.add(new Authored(stored.get(i++), row.getBoolean("e2ee")));
                    }
                    return page;
                });
    }

    public record Authored(StoredMessage message, boolean e2ee) {}

    /** The sender of a message that exists (in any state), or empty. */
    public Uni<java.util.Optional<String>> senderOf(UUID conversation, long seq) {
        return pool.preparedQuery("SELECT sender_id FROM message WHERE conversation_id = $1 AND seq = $2")
                .execute(Tuple.of(conversation, seq))
                .map(rows -> rows.iterator().hasNext()
                        ? java.util.Optional.of(rows.iterator().next().getString(0))
                        : java.util.Optional.empty());
    }

    /**
     * Marks a message removed by moderation. The ciphertext is kept (members no longer see it): the provider
     * may have to preserve removed illegal content as evidence (e.g. DSA Art. 18 suspicion of offences),
     * and retention and erasure still crypto-shred it. False when it is already gone (deleted or erased).
     * Runs through the Hibernate Reactive session of the moderator's decision (moderation is mapped with
     * Panache), so it commits or rolls back with the decision and its audit record.
     */
    public Uni<Boolean> removeByModeration(Mutiny.Session session, UUID conversation, long seq) {
        return session.createNativeQuery("""
                UPDATE message SET state = 'removed'
                 WHERE conversation_id = ?1 AND seq = ?2 AND state IN ('visible', 'removed')""")
                .setParameter(1, conversation)
                .setParameter(2, seq)
                .executeUpdate()
                .map(count -> count > 0);
    }

    private static List<StoredMessage> toMessages(RowSet<Row> rows) {
        List<StoredMessage> list = new ArrayList<>(rows.size());
        for (Row row : rows) {
            list.add(new StoredMessage(
                    row.getUUID("conversation_id"),
                    row.getLong("seq"),
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
                    row.getString("sender_region"),
                    editedAt(row)));
        }
        return list;
    }

    private static Instant editedAt(Row row) {
        OffsetDateTime at = row.getOffsetDateTime("edited_at");
        return at == null ? null : at.toInstant();
    }

    public record SendKey(String sender, UUID clientMsgId) {}

    public static Instant micros(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
