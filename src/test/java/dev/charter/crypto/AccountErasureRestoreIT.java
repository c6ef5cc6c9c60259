package dev.charter.crypto;

import static org.hamcrest.Matchers.equalTo;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.PgDump;
import dev.charter.testsupport.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restored backup never brings an erased user back: the shred ledger records the account's erasure, and start-up
 * on a database restored from before it erases the account again, so the user's tokens get {@code 403 erased} as
 * they did before the restore. Without the ledger the same dump lets the user in: the ledger is what protects.
 */
public class AccountErasureRestoreIT {

    @Test
    void aRestoredPreErasureBackupDoesNotBringTheAccountBack() throws Exception {
        String alice = Tokens.newUserId("alice");
        String aliceToken = Tokens.user(alice);
        String bob = Tokens.newUserId("bob");
        String bobToken = Tokens.user(bob);
        Path dump = Files.createTempFile("charter-pre-account-erasure", ".sql");
        String restored = PgDump.currentDatabase() + "_restore_account";

        int port = AppProcess.freePort();
        try (AppProcess app = AppProcess.start(port, Map.of())) {
            Api.on(port, aliceToken).get("/v1/conversations").then().statusCode(200);
            Api.on(port, bobToken).get("/v1/conversations").then().statusCode(200);
            PgDump.dump(PgDump.currentDatabase(), dump);

            Api.on(port, aliceToken)
                    .body(Map.of("type", "erasure"))
                    .post("/v1/me/requests")
                    .then()
                    .statusCode(202);
            Api.on(port, aliceToken)
                    .get("/v1/conversations")
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("erased"));
        }

        Map<String, String> onRestored = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL",
                System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL").replaceAll("/[^/]+$", "/" + restored),
                "QUARKUS_DATASOURCE_JDBC_URL",
                System.getenv("QUARKUS_DATASOURCE_JDBC_URL").replaceAll("/[^/]+$", "/" + restored)));
        try {
            // Control: with an empty ledger the backup's alice is an active account again.
            PgDump.createDatabase(restored);
            PgDump.restore(restored, dump);
            Map<String, String> noLedger = new HashMap<>(onRestored);
            noLedger.put(
                    "CHARTER_LEDGER_DIR",
                    Files.createTempDirectory("charter-empty-ledger").toString());
            port = AppProcess.freePort();
            try (AppProcess app = AppProcess.start(port, noLedger)) {
                Api.on(port, aliceToken).get("/v1/conversations").then().statusCode(200);
            }

            // With the ledger, start-up erases the account again before serving.
            PgDump.createDatabase(restored);
            PgDump.restore(restored, dump);
            port = AppProcess.freePort();
            try (AppProcess app = AppProcess.start(port, onRestored)) {
                Api.on(port, aliceToken)
                        .get("/v1/conversations")
                        .then()
                        .statusCode(403)
                        .body("code", equalTo("erased"));
                Api.on(port, Tokens.user(alice))
                        .get("/v1/me/consents")
                        .then()
                        .statusCode(403)
                        .body("code", equalTo("erased"));
                Api.on(port, bobToken).get("/v1/conversations").then().statusCode(200);
            }
        } finally {
            Files.deleteIfExists(dump);
        }
    }
}
