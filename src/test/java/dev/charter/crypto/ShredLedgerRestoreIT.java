package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.PgDump;
import dev.charter.testsupport.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Restore-from-backup protection on the packaged application: a dump taken before an erasure, restored
 * into a new database, is started with the same external ledger sink, and the erased author's messages
 * stay unreadable. The same dump started with an empty sink shows them, so the ledger is what protects.
 */
public class ShredLedgerRestoreIT {

    @Test
    void aRestoredPreErasureBackupCannotDecryptErasedMessages() throws Exception {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = Tokens.user(alice);
        String bobToken = Tokens.user(bob);
        String admin = Tokens.withRoles(Tokens.newUserId("admin"), "user", "admin");
        Path dump = Files.createTempFile("charter-pre-erasure", ".sql");
        String restored = PgDump.currentDatabase() + "_restore";
        UUID conversation;

        int port = AppProcess.freePort();
        try (AppProcess app = AppProcess.start(port, Map.of())) {
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

            Api.on(port, admin)
                    .body(Map.of("user", alice))
                    .post("/v1/admin/keys/destroy")
                    .then()
                    .statusCode(200);
            assertTrue(Chat.history(port, bobToken, conversation)
                    .get(0)
                    .path("erased")
                    .asBoolean());
        }

        PgDump.createDatabase(restored);
        PgDump.restore(restored, dump);
        Map<String, String> onRestored = Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL",
                        System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL").replaceAll("/[^/]+$", "/" + restored),
                "QUARKUS_DATASOURCE_JDBC_URL",
                        System.getenv("QUARKUS_DATASOURCE_JDBC_URL").replaceAll("/[^/]+$", "/" + restored));

        // Control: without the ledger the backup still holds alice's key, and her text is readable.
        Map<String, String> noLedger = new java.util.HashMap<>(onRestored);
        noLedger.put(
                "CHARTER_LEDGER_DIR",
                Files.createTempDirectory("charter-empty-ledger").toString());
        port = AppProcess.freePort();
        try (AppProcess app = AppProcess.start(port, noLedger)) {
            assertEquals(
                    "alice before the backup",
                    Chat.history(port, bobToken, conversation)
                            .get(0)
                            .path("text")
                            .asText());
        }
        PgDump.createDatabase(restored);
        PgDump.restore(restored, dump);

        // With the same ledger sink, start-up re-applies the erasure before serving.
        port = AppProcess.freePort();
        try (AppProcess app = AppProcess.start(port, onRestored)) {
            List<JsonNode> history = Chat.history(port, bobToken, conversation);
            assertTrue(history.get(0).path("erased").asBoolean(), history.get(0).toString());
            assertTrue(history.get(0).path("text").isMissingNode());
            assertEquals("bob before the backup", history.get(1).path("text").asText());
        } finally {
            Files.deleteIfExists(dump);
        }
    }
}
