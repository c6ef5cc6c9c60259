package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.ledger.AppendOnlyStore;
import dev.charter.ledger.LedgerConfig;
import dev.charter.ledger.LedgerEntry;
import dev.charter.ledger.LedgerSink;
import dev.charter.ledger.S3Store;
import dev.charter.testsupport.KmsStub;
import dev.charter.testsupport.S3Stub;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link S3Store} and the shred ledger on it, through the real SDK against {@link S3Stub}. */
class S3StoreTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3Stub s3;

    @BeforeAll
    static void credentials() {
        KmsStub.useTestCredentials();
    }

    @BeforeEach
    void start() {
        s3 = new S3Stub();
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    private S3Store store(Optional<String> kmsKeyId) {
        return S3Store.create(config(s3.endpoint(), kmsKeyId), "local", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void writesOnceWithComplianceLockChecksumAndSigV4() {
        try (S3Store store = store(Optional.empty())) {
            assertTrue(store.putIfAbsent("audit/one.jsonl", "first".getBytes(StandardCharsets.UTF_8)));
            assertFalse(
                    store.putIfAbsent("audit/one.jsonl", "second".getBytes(StandardCharsets.UTF_8)),
                    "an existing key is a conflict, never an overwrite");
            assertArrayEquals(
                    "first".getBytes(StandardCharsets.UTF_8),
                    store.get("audit/one.jsonl").orElseThrow());
            assertArrayEquals(
                    "first".getBytes(StandardCharsets.UTF_8), s3.objects().get("ledger/audit/one.jsonl"));
            assertEquals(Optional.empty(), store.get("audit/none.jsonl"));

            List<S3Stub.Put> puts = s3.puts();
            assertEquals(
                    List.of(200, 412), puts.stream().map(S3Stub.Put::status).toList());
            S3Stub.Put put = puts.get(0);
            assertEquals("*", put.ifNoneMatch());
            assertEquals("COMPLIANCE", put.lockMode());
            assertEquals(NOW.plus(Duration.ofDays(2557)), Instant.parse(put.retainUntil()));
            assertEquals("p5N7ZLjKpY8Dchu2us9ceMsjX+vg5wsbhM2ZVBRhoI4=", put.checksumSha256()); // SHA-256("first")
            assertTrue(put.authorization().startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/"), put.authorization());
            assertTrue(put.contentSha256().matches("[0-9a-f]{64}|STREAMING-.*"), put.contentSha256());
            assertEquals(null, put.sse());
        }
    }

    @Test
    void usesSseKmsWhenAKeyIsConfigured() {
        try (S3Store store = store(Optional.of("arn:aws:kms:us-east-1:000000000000:key/ledger"))) {
            assertTrue(store.putIfAbsent("receipts/1.json", "{}".getBytes(StandardCharsets.UTF_8)));
            S3Stub.Put put = s3.puts().get(0);
            assertEquals("aws:kms", put.sse());
            assertEquals("arn:aws:kms:us-east-1:000000000000:key/ledger", put.kmsKeyId());
        }
    }

    @Test
    void listsSortedUnderThePrefixAcrossPages() {
        s3.pageSize(2);
        try (S3Store store = store(Optional.empty())) {
            for (String key : List.of("b/3", "a/1", "b/1", "b/2", "b/4", "c/1")) {
                store.putIfAbsent(key, key.getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(List.of("b/1", "b/2", "b/3", "b/4"), store.list("b/"));
            assertEquals(List.of("b/3", "b/4"), store.list("b/", "b/2"));
            assertEquals(List.of(), store.list("d/"));
        }
    }

    @Test
    void theShredLedgerAppendsReadsAndVerifiesOverS3() throws Exception {
        try (S3Store store = store(Optional.empty())) {
            LedgerSink sink = new LedgerSink(store, JSON);
            List<UUID> keys = List.of(UUID.randomUUID(), UUID.randomUUID());
            LedgerEntry first = sink.append("2026-03-01T10:00:00Z", "user", "a".repeat(64), null, keys);
            LedgerEntry second = sink.append("2026-03-01T10:00:01Z", "before_epoch", null, 202401, List.of());
            sink.keepReceipt(first.position(), "{\"payload\":\"p\"}");

            assertEquals(1, first.position());
            assertEquals(2, second.position());
            assertEquals(first.hash(), second.prevHash());
            assertEquals(
                    List.of(
                            "ledger/receipts/00000000000000000001.json",
                            "ledger/shred-ledger/00000000000000000001.json",
                            "ledger/shred-ledger/00000000000000000002.json"),
                    List.copyOf(s3.objects().keySet()));
            assertEquals(
                    keys.get(0).toString(),
                    JSON.readTree(s3.objects().get("ledger/shred-ledger/00000000000000000001.json"))
                            .path("keyIds")
                            .get(0)
                            .asText());

            LedgerSink restarted = new LedgerSink(store, JSON);
            List<LedgerEntry> entries = restarted.readAll();
            assertEquals(List.of(first, second), entries);
            assertTrue(restarted.verify(entries));
            LedgerEntry forged = new LedgerEntry(
                    1, first.at(), first.scope(), first.subject(), null, List.of(), first.prevHash(), first.hash());
            assertFalse(restarted.verify(List.of(forged, second)), "an entry that lost its key ids must not verify");
            assertEquals(
                    3,
                    restarted
                            .append("2026-03-01T10:00:02Z", "user", "b".repeat(64), null, List.of())
                            .position());
        }
    }

    @Test
    void twoAppendersRacingForThePositionNeverForkTheChain() throws Exception {
        // Both instances read the same (empty) ledger before either writes: exactly one wins position 1.
        CyclicBarrier bothListed = new CyclicBarrier(2);
        try (S3Store store = store(Optional.empty())) {
            LedgerSink a = new LedgerSink(new ListBarrier(store, bothListed), JSON);
            LedgerSink b = new LedgerSink(new ListBarrier(store, bothListed), JSON);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<LedgerEntry> fromA = pool.submit(() ->
                        a.append("2026-03-01T10:00:00Z", "user", "a".repeat(64), null, List.of(UUID.randomUUID())));
                Future<LedgerEntry> fromB = pool.submit(() ->
                        b.append("2026-03-01T10:00:00Z", "user", "b".repeat(64), null, List.of(UUID.randomUUID())));
                assertEquals(3, fromA.get().position() + fromB.get().position(), "positions 1 and 2");
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, s3.puts().stream().filter(p -> p.status() == 412).count(), "the loser got 412 once");

            // Then a crowd: every append lands at its own position and the chain stays one chain.
            List<LedgerSink> sinks = List.of(
                    new LedgerSink(store, JSON),
                    new LedgerSink(store, JSON),
                    new LedgerSink(store, JSON),
                    new LedgerSink(store, JSON));
            ExecutorService crowd = Executors.newFixedThreadPool(4);
            try {
                List<Future<LedgerEntry>> appended = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    LedgerSink sink = sinks.get(i % sinks.size());
                    appended.add(crowd.submit(() -> sink.append(
                            "2026-03-01T10:00:00Z", "user", "c".repeat(64), null, List.of(UUID.randomUUID()))));
                }
                for (Future<LedgerEntry> f : appended) {
                    f.get();
                }
            } finally {
                crowd.shutdownNow();
            }
            List<LedgerEntry> entries = new LedgerSink(store, JSON).readAll();
            assertEquals(26, entries.size());
            for (int i = 0; i < entries.size(); i++) {
                assertEquals(i + 1, entries.get(i).position());
            }
            assertTrue(new LedgerSink(store, JSON).verify(entries));
            assertTrue(s3.puts().stream().allMatch(p -> p.status() == 200 || p.status() == 412), "no overwrite tried");
        }
    }

    /** A store whose first listing waits until the other appender has listed too. */
    private record ListBarrier(AppendOnlyStore store, CyclicBarrier barrier, AtomicBoolean first)
            implements AppendOnlyStore {

        ListBarrier(AppendOnlyStore store, CyclicBarrier barrier) {
            this(store, barrier, new AtomicBoolean(true));
        }

        @Override
        public boolean putIfAbsent(String key, byte[] bytes) {
            return store.putIfAbsent(key, bytes);
        }

        @Override
        public Optional<byte[]> get(String key) {
            return store.get(key);
        }

        @Override
        public List<String> list(String prefix, String startAfter) {
            List<String> keys = store.list(prefix, startAfter);
            if (first.getAndSet(false)) {
                try {
                    barrier.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return keys;
        }

        @Override
        public String describe() {
            return store.describe();
        }
    }

    static LedgerConfig config(String endpoint, Optional<String> kmsKeyId) {
        return new LedgerConfig() {
            @Override
            public Optional<String> dir() {
                return Optional.empty();
            }

            @Override
            public Optional<String> s3Bucket() {
                return Optional.of(S3Stub.BUCKET);
            }

            @Override
            public Optional<String> s3Prefix() {
                return Optional.of("ledger/");
            }

            @Override
            public Optional<String> s3Endpoint() {
                return Optional.of(endpoint);
            }

            @Override
            public Optional<String> s3Region() {
                return Optional.of("us-east-1");
            }

            @Override
            public int s3RetentionDays() {
                return 2557;
            }

            @Override
            public Optional<String> s3KmsKeyId() {
                return kmsKeyId;
            }
        };
    }
}
