package dev.charter.attachment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.PgDump;
import dev.charter.testsupport.Tokens;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A backup of the database and of the attachment store, both taken before the uploader's erasure and restored
 * together, keeps the file unreadable: start-up re-applies the shred ledger. The same backups started with an
 * empty ledger serve the file again, so the ledger is what protects it.
 */
public class AttachmentRestoreIT {

    private static Response download(int port, String token, UUID id) {
        return given().port(port).header("Authorization", "Bearer " + token).get("/v1/attachments/" + id);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void aRestoredPreErasureBackupOfDatabaseAndStoreKeepsTheFileUnreadable() throws Exception {
        String alice = Tokens.newUserId("alice");
        String aliceToken = Tokens.user(alice);
        String bob = Tokens.newUserId("bob");
        String bobToken = Tokens.user(bob);
        byte[] file = new byte[100_000];
        new Random(5).nextBytes(file);
        Path store = Files.createTempDirectory("charter-attachments");
        Path storeBackup =
                Files.createTempDirectory("charter-attachments-backup").resolve("files");
        Path dump = Files.createTempFile("charter-pre-erasure-attachment", ".sql");
        String restored = PgDump.currentDatabase() + "_restore_attachment";
        UUID id;

        int port = AppProcess.freePort();
        try (AppProcess app = AppProcess.start(port, Map.of("CHARTER_ATTACHMENTS_DIR", store.toString()))) {
            Api.on(port, aliceToken).get("/v1/conversations").then().statusCode(200);
            Api.on(port, bobToken).get("/v1/conversations").then().statusCode(200);
            UUID conversation = UUID.fromString(Api.on(port, aliceToken)
                    .body(Map.of("kind", "direct", "members", List.of(bob)))
                    .post("/v1/conversations")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
            id = UUID.fromString(given().port(port)
                    .header("Authorization", "Bearer " + aliceToken)
                    .contentType("application/octet-stream")
                    .body(file)
                    .post("/v1/conversations/" + conversation + "/attachments")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
            PgDump.dump(PgDump.currentDatabase(), dump);
            copy(store, storeBackup);

            Api.on(port, aliceToken)
                    .body(Map.of("type", "erasure"))
                    .post("/v1/me/requests")
                    .then()
                    .statusCode(202);
            download(port, bobToken, id).then().statusCode(404);
        }

        Map<String, String> onRestored = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL",
                System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL").replaceAll("/[^/]+$", "/" + restored),
                "QUARKUS_DATASOURCE_JDBC_URL",
                System.getenv("QUARKUS_DATASOURCE_JDBC_URL").replaceAll("/[^/]+$", "/" + restored)));
        try {
            // Control: with an empty ledger the restored database and store serve the file again.
            PgDump.createDatabase(restored);
            PgDump.restore(restored, dump);
            Path controlStore =
                    Files.createTempDirectory("charter-attachments-control").resolve("files");
            copy(storeBackup, controlStore);
            Map<String, String> noLedger = new HashMap<>(onRestored);
            noLedger.put(
                    "CHARTER_LEDGER_DIR",
                    Files.createTempDirectory("charter-empty-ledger").toString());
            noLedger.put("CHARTER_ATTACHMENTS_DIR", controlStore.toString());
            port = AppProcess.freePort();
            try (AppProcess app = AppProcess.start(port, noLedger)) {
                Response read = download(port, bobToken, id);
                read.then().statusCode(200);
                assertArrayEquals(file, read.asByteArray());
            }

            // With the ledger the same backups cannot give it back.
            PgDump.createDatabase(restored);
            PgDump.restore(restored, dump);
            Path restoredStore =
                    Files.createTempDirectory("charter-attachments-restored").resolve("files");
            copy(storeBackup, restoredStore);
            Map<String, String> withLedger = new HashMap<>(onRestored);
            withLedger.put("CHARTER_ATTACHMENTS_DIR", restoredStore.toString());
            port = AppProcess.freePort();
            try (AppProcess app = AppProcess.start(port, withLedger)) {
                download(port, bobToken, id).then().statusCode(404);
            }
        } finally {
            Files.deleteIfExists(dump);
        }
    }
}
