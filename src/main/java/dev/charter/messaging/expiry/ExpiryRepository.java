package dev.charter.messaging.expiry;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * SQL of retention: marks messages expired in bounded batches (each its own short statement, so a sweep
 * never holds long locks and a crash loses nothing but the batch in flight). The ciphertext goes too, so
 * an expired row holds no content even while its month key still lives. What a legal hold covers is left alone.
 */
@ApplicationScoped
class ExpiryRepository {

    private final Pool pool;

    ExpiryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Messages sealed under month keys before {@code epoch} by authors of {@code jurisdiction}. */
    Uni<Integer> expireAuthoredBefore(String jurisdiction, int epoch, int limit, RetentionHolds.Held held) {
        return pool.preparedQuery("""
                UPDATE message SET state = 'expired', ciphertext = '\\x'::bytea
                 WHERE (conversation_id, seq) IN (
                       SELECT m.conversation_id, m.seq FROM message m
                         JOIN app_user u ON u.id = m.sender_id
                        WHERE u.jurisdiction = $1 AND m.key_epoch < $2 AND m.state <> 'expired'
                          AND m.sender_id <> ALL($4) AND m.conversation_id <> ALL($5)
                        LIMIT $3)""")
                .execute(Tuple.of(jurisdiction, epoch, limit, authors(held), conversations(held)))
                .map(rows -> rows.rowCount());
    }

    /** Visible messages of an erased author (unreadable: their keys are shredded) lose their ciphertext for good. */
    Uni<Integer> markErased(String author, int limit) {
        return pool.preparedQuery("""
                UPDATE message SET state = 'erased', ciphertext = '\\x'::bytea
                 WHERE (conversation_id, seq) IN (
                       SELECT conversation_id, seq FROM message WHERE sender_id = $1 AND state = 'visible' LIMIT $2)""").execute(Tuple.of(author, limit)).map(rows -> rows.rowCount());
    }

    /** Messages older than their conversation's own retention. */
    Uni<Integer> expireByConversationRetention(Instant now, int limit, RetentionHolds.Held held) {
        return pool.preparedQuery("""
                UPDATE message SET state = 'expired', ciphertext = '\\x'::bytea
                 WHERE (conversation_id, seq) IN (
                       SELECT m.conversation_id, m.seq FROM conversation c
                         JOIN message m ON m.conversation_id = c.id
                        WHERE c.retention_days IS NOT NULL AND m.state <> 'expired'
                          AND m.sent_at < $1::timestamptz - make_interval(days => c.retention_days)
                          AND m.sender_id <> ALL($3) AND m.conversation_id <> ALL($4)
                        LIMIT $2)""")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), limit, authors(held), conversations(held)))
                .map(rows -> rows.rowCount());
    }

    private static String[] authors(RetentionHolds.Held held) {
        return held.authors().toArray(String[]::new);
    }

    private static java.util.UUID[] conversations(RetentionHolds.Held held) {
        return held.conversations().toArray(java.util.UUID[]::new);
    }
}
