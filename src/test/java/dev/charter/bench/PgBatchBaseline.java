package dev.charter.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Baseline (a), the ceiling for durable sends: the same message rows (same columns, indexes and
 * ciphertext size) written by plain batched INSERTs through the Vert.x PostgreSQL client into the same
 * database, with as many concurrent writers as Charter has lanes. No WebSocket, no JSON, no seq logic.
 */
final class PgBatchBaseline {

    private PgBatchBaseline() {}

    /** The bench database, as the datasource settings in the environment (scripts/bench.sh) give it. */
    static PgConnectOptions benchDatabase() {
        String url = System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL");
        return PgConnectOptions.fromUri(url)
                .setUser(System.getenv("QUARKUS_DATASOURCE_USERNAME"))
                .setPassword(System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
    }

    static double rowsPerSecond(
            PgConnectOptions connect, int writers, int batch, int ciphertextBytes, Duration duration) {
        return onFreshTable(connect, writers, (pool, vertx) -> {
            AtomicLong rows = new AtomicLong();
            long end = System.nanoTime() + duration.toNanos();
            long start = System.nanoTime();
            CompletableFuture<?>[] lanes = new CompletableFuture<?>[writers];
            byte[] sample = ciphertext(ciphertextBytes);
            for (int w = 0; w < writers; w++) {
                UUID conversation = UUID.randomUUID();
                lanes[w] = writeUntil(pool, conversation, batch, sample, end, rows, 0)
                        .toCompletionStage()
                        .toCompletableFuture();
            }
            CompletableFuture.allOf(lanes).join();
            return rows.get() / ((System.nanoTime() - start) / 1e9);
        });
    }

    /**
     * The latency floor for durable sends at a given rate: rows arrive open loop at {@code rate} per second
     * (each with its intended time), and each of {@code writers} lanes commits what has arrived while its
     * previous commit was in flight (up to {@code batch} rows), as Charter's group commit does, with nothing
     * else around it. Latency is from a row's intended arrival to its COMMIT.
     */
    static Histogram commitLatency(
            PgConnectOptions connect, int writers, int batch, int ciphertextBytes, int rate, Duration duration) {
        return onFreshTable(connect, writers, (pool, vertx) -> {
            byte[] sample = ciphertext(ciphertextBytes);
            Histogram latency = new ConcurrentHistogram(3);
            long total = rate * duration.toSeconds();
            long start = System.nanoTime();
            OpenLoopLane[] lanes = new OpenLoopLane[writers];
            for (int w = 0; w < writers; w++) {
                lanes[w] = new OpenLoopLane(pool, UUID.randomUUID(), batch, sample, latency);
            }
            CompletableFuture<Void> finished = new CompletableFuture<>();
            long[] arrived = {0};
            vertx.setPeriodic(1, timer -> {
                long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
                for (; arrived[0] < due; arrived[0]++) {
                    lanes[(int) (arrived[0] % writers)].arrive(start + arrived[0] * 1_000_000_000L / rate);
                }
                if (arrived[0] == total) {
                    vertx.cancelTimer(timer);
                    finished.complete(null);
                }
            });
            finished.join();
            while (latency.getTotalCount() < total) {
                Thread.onSpinWait();
            }
            return latency;
        });
    }

    /** Runs {@code measure} against an empty copy of the message table (same columns and indexes), then drops it. */
    private static <T> T onFreshTable(PgConnectOptions connect, int writers, BiFunction<Pool, Vertx, T> measure) {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgPool.pool(vertx, connect, new PoolOptions().setMaxSize(writers));
        try {
            await(pool.query("DROP TABLE IF EXISTS bench_message")
                    .execute()
                    .compose(r -> pool.query("CREATE TABLE bench_message (LIKE message INCLUDING ALL)")
                            .execute()));
            T result = measure.apply(pool, vertx);
            await(pool.query("DROP TABLE bench_message").execute());
            return result;
        } finally {
            pool.close();
            vertx.close();
        }
    }

    private static byte[] ciphertext(int bytes) {
        byte[] sample = new byte[bytes];
        new SecureRandom().nextBytes(sample);
        return sample;
    }

    /** One writer: rows wait while its commit is in flight, then go together. */
    private static final class OpenLoopLane {
        private final Pool pool;
        private final UUID conversation;
        private final int batch;
        private final byte[] sample;
        private final Histogram latency;
        private final ArrayDeque<Long> waiting = new ArrayDeque<>();
        private boolean writing;
        private long seq;

        OpenLoopLane(Pool pool, UUID conversation, int batch, byte[] sample, Histogram latency) {
            this.pool = pool;
            this.conversation = conversation;
            this.batch = batch;
            this.sample = sample;
            this.latency = latency;
        }

        synchronized void arrive(long intendedNanos) {
            waiting.add(intendedNanos);
            kick();
        }

        private synchronized void kick() {
            if (writing || waiting.isEmpty()) {
                return;
            }
            writing = true;
            long[] intended = new long[Math.min(batch, waiting.size())];
            for (int i = 0; i < intended.length; i++) {
                intended[i] = waiting.poll();
            }
            insert(pool, conversation, intended.length, sample, seq).onComplete(done -> {
                long now = System.nanoTime();
                for (long t : intended) {
                    latency.recordValue(Math.max(0, now - t));
                }
                synchronized (this) {
                    writing = false;
                    kick();
                }
            });
            seq += intended.length;
        }
    }

    private static Future<Void> writeUntil(
            Pool pool, UUID conversation, int batch, byte[] sample, long end, AtomicLong rows, long seq) {
        if (System.nanoTime() >= end) {
            return Future.succeededFuture();
        }
        return insert(pool, conversation, batch, sample, seq).compose(r -> {
            rows.addAndGet(batch);
            return writeUntil(pool, conversation, batch, sample, end, rows, seq + batch);
        });
    }

    private static Future<Void> insert(Pool pool, UUID conversation, int batch, byte[] sample, long seq) {
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
                                     $7::int4[], $8::bytea[], $9::bytea[], $10::timestamptz[])""").execute(Tuple.from(new Object[] {
                    conversations, seqs, ids, senders, clientIds, epochs, versions, nonces, ciphertexts, sentAts
                })))
                .mapEmpty();
    }

    private static <T> T await(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }
}
