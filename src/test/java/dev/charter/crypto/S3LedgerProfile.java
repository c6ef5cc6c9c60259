package dev.charter.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.ledger.LedgerEntry;
import dev.charter.ledger.LedgerSink;
import dev.charter.ledger.S3Store;
import dev.charter.testsupport.KmsStub;
import dev.charter.testsupport.S3Stub;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The application with only {@code charter.ledger.s3-bucket} (no directory) against an {@link S3Stub} that
 * already holds one shred-ledger entry, written before this start by another instance.
 */
public class S3LedgerProfile implements QuarkusTestProfile {

    static final S3Stub S3;
    static final LedgerEntry EARLIER;

    static {
        KmsStub.useTestCredentials();
        S3 = new S3Stub();
        try (S3Store store =
                S3Store.create(S3StoreTest.config(S3.endpoint(), Optional.empty()), "local", Clock.systemUTC())) {
            EARLIER = new LedgerSink(store, new ObjectMapper())
                    .append(
                            "2026-01-01T00:00:00Z",
                            CryptoShredder.USER,
                            "e".repeat(64),
                            null,
                            List.of(UUID.randomUUID()));
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "charter.ledger.dir",
                "",
                "charter.ledger.s3-bucket",
                S3Stub.BUCKET,
                "charter.ledger.s3-prefix",
                "ledger/",
                "charter.ledger.s3-endpoint",
                S3.endpoint(),
                "charter.ledger.s3-region",
                "us-east-1");
    }
}
