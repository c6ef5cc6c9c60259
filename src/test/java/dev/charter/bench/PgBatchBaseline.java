package dev.charter.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgPool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Baseline (a), the ceiling for durable sends: the same message rows (same columns, indexes and
 * ciphertext size) written by plain batched INSERTs through the Vert.x PostgreSQL client into the same
 * database, with as many concurrent writers as Charter has lanes. No WebSocket, no JSON, no seq logic.
 */
final class PgBatchBaseline {

    private PgBatchBaseline() {
    }

    static double rowsPerSecond(PgConnectOptions connect, int writers, int batch, int ciphertextBytes,
            Duration duration) {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgPool.pool(vertx, connect, new PoolOptions().setMaxSize(writers));
        try {
            await(pool.query("DROP TABLE IF EXISTS bench_message").execute()
                    .compose(r -> pool.query("CREATE TABLE bench_message (LIKE message INCLUDING ALL)").execute()));
            AtomicLong rows = new AtomicLong();
            long end = System.nanoTime() + duration.toNanos();
            long start = System.nanoTime();
            CompletableFuture<?>[] lanes = new CompletableFuture<?>[writers];
            byte[] sample = new byte[ciphertextBytes];
            new SecureRandom().nextBytes(sample);
            for (int w = 0; w < writers; w++) {
                UUID conversation = UUID.randomUUID();
                lanes[w] = writeUntil(pool, conversation, batch, sample, end, rows, 0).toCompletionStage()
                        .toCompletableFuture();
            }
            CompletableFuture.allOf(lanes).join();
            double seconds = (System.nanoTime() - start) / 1e9;
            await(pool.query("DROP TABLE bench_message").execute());
            return rows.get() / seconds;
        } finally {
            pool.close();
            vertx.close();
        }
    }

    private static Future<Void> writeUntil(Pool pool, UUID conversation, int batch, byte[] sample, long end,
            AtomicLong rows, long seq) {
        if (System.nanoTime() >= end) {
            return Future.succeededFuture();
        }
        UUID[] conversations = new UUID[batch];
        Long[] seqs = new Long[batch];
        UUID[] ids = new UUID[batch];
        String[] senders = new String[batch];
        UUID[] clientIds = new UUID[batch];
        Integer[] epochs = new Integer[batch];
        Integer[] versions = new Integer[batch];
        Buffer[] nonces = new Buffer[batch];
        Buffer[] ciphertexts = new Buffer[batch];
        OffsetDateTime[] sentAts = new OffsetDateTime[batch];
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < batch; i++) {
            conversations[i] = conversation;
            seqs[i] = seq + i + 1;
            ids[i] = UUID.randomUUID();
            senders[i] = "bench-sender";
            clientIds[i] = UUID.randomUUID();
            epochs[i] = 202611;
            versions[i] = 1;
            nonces[i] = Buffer.buffer(new byte[12]);
            ciphertexts[i] = Buffer.buffer(sample);
            sentAts[i] = now;
        }
        return pool.withTransaction(conn -> conn.preparedQuery("""
                INSERT INTO bench_message (conversation_id, seq, id, sender_id, client_msg_id, key_epoch, key_version,
                                           nonce, ciphertext, sent_at)
                SELECT * FROM unnest($1::uuid[], $2::int8[], $3::uuid[], $4::text[], $5::uuid[], $6::int4[],
                                     $7::int4[], $8::bytea[], $9::bytea[], $10::timestamptz[])""")
                .execute(Tuple.from(new Object[] { conversations, seqs, ids, senders, clientIds, epochs, versions,
                        nonces, ciphertexts, sentAts })))
                .compose(r -> {
                    rows.addAndGet(batch);
                    return writeUntil(pool, conversation, batch, sample, end, rows, seq + batch);
                });
    }

    private static <T> T await(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }
}
