package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.ledger.AppendOnlyStore;
import dev.charter.ledger.DirectoryStore;
import dev.charter.ledger.LedgerConfig;
import dev.charter.ledger.LedgerStoreProducer;
import dev.charter.ledger.S3Store;
import dev.charter.testsupport.KmsStub;
import io.quarkus.runtime.LaunchMode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which store {@code charter.ledger.*} selects, and the configurations refused at start-up. */
class LedgerStoreProducerTest {

    record Config(Optional<String> dir, Optional<String> s3Bucket) implements LedgerConfig {

        @Override
        public Optional<String> s3Prefix() {
            return Optional.of("ledger");
        }

        @Override
        public Optional<String> s3Endpoint() {
            return Optional.of("http://127.0.0.1:9");
        }

        @Override
        public Optional<String> s3Region() {
            return Optional.empty();
        }

        @Override
        public int s3RetentionDays() {
            return 2557;
        }

        @Override
        public Optional<String> s3KmsKeyId() {
            return Optional.empty();
        }
    }

    private static AppendOnlyStore open(Optional<String> dir, Optional<String> bucket, LaunchMode mode) {
        return LedgerStoreProducer.open(new Config(dir, bucket), mode, Clock.systemUTC(), "eu-central-1");
    }

    @Test
    void aDirectoryOrABucketExactlyOne() {
        KmsStub.useTestCredentials();
        AppendOnlyStore dir = open(Optional.of("target/some-ledger"), Optional.empty(), LaunchMode.NORMAL);
        assertEquals(
                Path.of("target/some-ledger").toAbsolutePath(),
                assertInstanceOf(DirectoryStore.class, dir).root());
        try (S3Store s3 =
                assertInstanceOf(S3Store.class, open(Optional.empty(), Optional.of("bucket"), LaunchMode.NORMAL))) {
            assertEquals("s3://bucket/ledger/", s3.describe());
        }
        IllegalStateException both = assertThrows(
                IllegalStateException.class,
                () -> open(Optional.of("target/some-ledger"), Optional.of("bucket"), LaunchMode.NORMAL));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> open(Optional.empty(), Optional.empty(), LaunchMode.NORMAL),
                "prod needs a sink outside the database");
        assertInstanceOf(DirectoryStore.class, open(Optional.empty(), Optional.empty(), LaunchMode.TEST));
    }
}
