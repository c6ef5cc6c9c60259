package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.PgDump;
import dev.charter.testsupport.S3Stub;
import dev.charter.testsupport.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (prod profile) with its sink in S3 only ({@code CHARTER_LEDGER_S3_BUCKET}, no
 * directory): an erasure lands in the bucket, and a pre-erasure backup restored and started against the same
 * bucket has the erasure re-applied before serving; against an empty bucket it would not.
 */
public class S3LedgerRestoreIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> sink(S3Stub s3) {
        Map<String, String> env = new HashMap<>();
        env.put("CHARTER_LEDGER_DIR", "");
        env.put("CHARTER_LEDGER_S3_BUCKET", S3Stub.BUCKET);
        env.put("CHARTER_LEDGER_S3_PREFIX", "ledger/");
        env.put("CHARTER_LEDGER_S3_ENDPOINT", s3.endpoint());
        env.put("CHARTER_LEDGER_S3_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIDTEST");
        env.put("AWS_SECRET_ACCESS_KEY", "test-secret");
        return env;
    }

    @Test
    void aRestoredPreErasureBackupStaysErasedWithTheBucketsLedger() throws Exception {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = Tokens.user(alice);
        String bobToken = Tokens.user(bob);
        String admin = Tokens.withRoles(Tokens.newUserId("admin"), "user", "admin");
        Path dump = Files.createTempFile("charter-pre-erasure-s3", ".sql");
        String restored = PgDump.currentDatabase() + "_s3restore";
        UUID conversation;

        try (S3Stub s3 = new S3Stub();
                S3Stub empty = new S3Stub()) {
            int port = AppProcess.freePort();
            try (AppProcess app = AppProcess.start(port, sink(s3))) {
                Api.on(port, aliceToken).get("/v1/conversations").then().statusCode(200);
                Api.on(port, bobToken).get("/v1/conversations").then().statusCode(200);
                conversation = UUID.fromString(Api.on(port, aliceToken)
                        .body(Map.of("kind", "direct", "members", List.of(bob)))
                        .post("/v1/conversations")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
                Chat.send(port, aliceToken, conversation, List.of("alice before the backup"));
                Chat.send(port, bobToken, conversation, List.of("bob before the backup"));

                PgDump.dump(PgDump.currentDatabase(), dump);

                JsonNode receipt = JSON.readTree(Api.on(port, admin)
                        .body(Map.of("user", alice))
                        .post("/v1/admin/keys/destroy")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
                long position = JSON.readTree(receipt.path("payload").asText())
                        .path("ledgerPosition")
                        .asLong();
                String entryKey = String.format("ledger/shred-ledger/%020d.json", position);
                assertTrue(
                        s3.objects().containsKey(entryKey),
                        s3.objects().keySet().toString());
                assertEquals(
                        receipt,
                        JSON.readTree(s3.objects().get(String.format("ledger/receipts/%020d.json", position))));
                assertTrue(s3.puts().stream()
                        .filter(p -> p.key().equals(entryKey))
                        .allMatch(p -> "COMPLIANCE".equals(p.lockMode()) && "*".equals(p.ifNoneMatch())));
            }

            Map<String, String> onRestored = new HashMap<>(Map.of(
                    "QUARKUS_DATASOURCE_REACTIVE_URL",
                            System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL").replaceAll("/[^/]+$", "/" + restored),
                    "QUARKUS_DATASOURCE_JDBC_URL",
                            System.getenv("QUARKUS_DATASOURCE_JDBC_URL").replaceAll("/[^/]+$", "/" + restored)));

            // Control: an empty bucket does not know the erasure, and alice's text is readable from the backup.
            PgDump.createDatabase(restored);
            PgDump.restore(restored, dump);
            Map<String, String> control = new HashMap<>(onRestored);
            control.putAll(sink(empty));
            port = AppProcess.freePort();
            try (AppProcess app = AppProcess.start(port, control)) {
                assertEquals(
                        "alice before the backup",
                        Chat.history(port, bobToken, conversation)
                                .get(0)
                                .path("text")
                                .asText());
            }

            PgDump.createDatabase(restored);
            PgDump.restore(restored, dump);
            Map<String, String> same = new HashMap<>(onRestored);
            same.putAll(sink(s3));
            port = AppProcess.freePort();
            try (AppProcess app = AppProcess.start(port, same)) {
                List<JsonNode> history = Chat.history(port, bobToken, conversation);
                assertTrue(
                        history.get(0).path("erased").asBoolean(),
                        history.get(0).toString());
                assertTrue(history.get(0).path("text").isMissingNode());
                assertEquals(
                        "bob before the backup", history.get(1).path("text").asText());
            }
        } finally {
            Files.deleteIfExists(dump);
        }
    }
}
