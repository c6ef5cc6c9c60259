package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.S3Stub;
import dev.charter.testsupport.TestClock;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shred ledger, receipts and audit checkpoints in S3 (Object Lock), the application configured with a bucket only. */
@QuarkusTest
@TestProfile(S3LedgerProfile.class)
public class S3LedgerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final S3Stub S3 = S3LedgerProfile.S3;

    @Inject
    ShredReplay replay;

    @Test
    void startUpReplayedTheLedgerFoundInTheBucket() {
        assertTrue(
                S3.requests().stream()
                        .anyMatch(r -> r.startsWith("GET /" + S3Stub.BUCKET + "?")
                                && r.contains("list-type=2")
                                && r.contains("prefix=ledger%2Fshred-ledger%2F")),
                S3.requests().toString());
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM shred_ledger WHERE position = ? AND entry_hash = ?",
                        S3LedgerProfile.EARLIER.position(),
                        S3LedgerProfile.EARLIER.hash()),
                "the entry another instance wrote is re-applied and copied into the database at start-up");
    }

    @Test
    void erasureWritesTheEntryAndReceiptUnderComplianceLockAndReplayEnforcesThem() throws Exception {
        Pair p = Pair.create();
        Chat.send(p.aliceToken(), p.conversation(), "to be erased");
        List<Object> key = Db.rows("SELECT key_id, wrapped_key FROM data_key WHERE user_id = ?", p.alice())
                .get(0);
        UUID keyId = (UUID) key.get(0);
        byte[] wrapped = (byte[]) key.get(1);
        Instant before = TestClock.now();

        String body = CryptoShreddingTest.destroy(Map.of("user", p.alice()))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode receipt = JSON.readTree(body);
        JsonNode statement = JSON.readTree(receipt.path("payload").asText());
        long position = statement.path("ledgerPosition").asLong();
        assertTrue(position > S3LedgerProfile.EARLIER.position(), "chained after what the bucket held");

        String entryKey = String.format("ledger/shred-ledger/%020d.json", position);
        JsonNode entry = JSON.readTree(S3.objects().get(entryKey));
        assertEquals(keyId.toString(), entry.path("keyIds").get(0).asText());
        assertEquals(statement.path("ledgerHash").asText(), entry.path("hash").asText());
        assertEquals(
                CryptoShredder.subjectDigest(p.alice()), entry.path("subject").asText());
        byte[] storedReceipt = S3.objects().get(String.format("ledger/receipts/%020d.json", position));
        assertNotNull(storedReceipt, "the signed receipt is kept in the bucket too");
        assertEquals(receipt, JSON.readTree(storedReceipt));
        assertTrue(!new String(storedReceipt, StandardCharsets.UTF_8).contains(p.alice()), "opaque ids only");
        for (String written : List.of(entryKey, String.format("ledger/receipts/%020d.json", position))) {
            S3Stub.Put put = S3.puts().stream()
                    .filter(x -> x.key().equals(written) && x.status() == 200)
                    .findFirst()
                    .orElseThrow();
            assertEquals("COMPLIANCE", put.lockMode());
            assertEquals("*", put.ifNoneMatch());
            Instant until = Instant.parse(put.retainUntil());
            assertTrue(
                    !until.isBefore(before.plus(Duration.ofDays(2557)).truncatedTo(ChronoUnit.SECONDS)),
                    put.toString());
            assertNotNull(put.checksumSha256());
        }

        // A backup restored from before the erasure: the key is back and the database forgot the entry.
        Db.execute(
                "UPDATE data_key SET wrapped_key = ?, destroyed_at = NULL, destroyed_reason = NULL WHERE key_id = ?",
                wrapped,
                keyId);
        Db.execute("DELETE FROM shred_ledger WHERE position >= ?", position);
        replay.replay(null);
        assertEquals(
                0,
                Db.count("SELECT count(*) FROM data_key WHERE key_id = ? AND wrapped_key IS NOT NULL", keyId),
                "the ledger read back from the bucket destroys the restored key again");
        assertEquals(1, Db.count("SELECT count(*) FROM shred_ledger WHERE position = ?", position));
    }

    @Test
    void anAuditCheckpointLandsInTheBucketUnderComplianceLock() throws Exception {
        String officer = Tokens.withRoles(Tokens.newUserId("officer"), "privacy-officer");
        Api.as(officer)
                .queryParam("subject", Tokens.newUserId("subject"))
                .get("/v1/admin/audit")
                .then()
                .statusCode(200);
        JsonNode checkpoint = JSON.readTree(Api.as(officer)
                .post("/v1/admin/audit/checkpoints")
                .then()
                .statusCode(201)
                .extract()
                .asString());

        String objectKey = "ledger/audit/" + checkpoint.path("file").asText();
        String[] lines = new String(S3.objects().get(objectKey), StandardCharsets.UTF_8).split("\n");
        JsonNode last = JSON.readTree(lines[lines.length - 1]);
        assertEquals("checkpoint", last.path("type").asText());
        assertEquals(checkpoint.path("head").asText(), last.path("head").asText());
        assertEquals(
                checkpoint.path("uptoSeq").asLong() - checkpoint.path("fromSeq").asLong(), lines.length - 1);
        S3Stub.Put put = S3.puts().stream()
                .filter(x -> x.key().equals(objectKey))
                .findFirst()
                .orElseThrow();
        assertEquals(200, put.status());
        assertEquals("COMPLIANCE", put.lockMode());
        assertNotNull(put.retainUntil());
    }
}
