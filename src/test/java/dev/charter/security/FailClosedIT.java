package dev.charter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.KmsStub;
import dev.charter.testsupport.Tokens;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged application in prod (common/RequiredSettings) refuses to start without each setting it cannot
 * do without, exits non-zero and names the setting, never printing a key; with all of them, on
 * {@code aws-kms}, it starts. Starts from pom.xml's failsafe environment (every setting present, local provider)
 * and takes one away at a time (an empty environment variable is an unset setting).
 */
class FailClosedIT {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);
    private static final String CHECKPOINT_KEY = "CXuuB3l7bCUwo8jpdBkkWN/YMi6y4TK2wgUFHjKyWck=";
    /** The public half of pom.xml's CHARTER_KEYS_RECEIPT_PRIVATE_KEY (`openssl pkey -pubout`). */
    private static final String RECEIPT_PUBLIC_KEY = "MCowBQYDK2VwAyEATdRZ7ysmWpsAVx+qhkdY009GH1GVO4R/yTczm/xoct0=";

    private static KmsStub kms;

    @BeforeAll
    static void startKms() {
        KmsStub.useTestCredentials();
        kms = new KmsStub();
    }

    @AfterAll
    static void stopKms() {
        kms.close();
    }

    /** The failsafe environment switched to aws-kms against the test KMS server, every setting present. */
    private static Map<String, String> awsKms() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CHARTER_KEYS_PROVIDER", "aws-kms");
        env.put("CHARTER_KEYS_AWS_KEY_ID", "alias/charter-failclosed");
        env.put("CHARTER_KEYS_AWS_ENDPOINT", kms.endpoint());
        env.put("AWS_ACCESS_KEY_ID", "AKIDFAILCLOSED");
        env.put("AWS_SECRET_ACCESS_KEY", "failclosed-secret");
        env.put("AWS_REGION", "us-east-1");
        // Without a local master key there is nothing to derive a checkpoint key from.
        env.put("CHARTER_KEYS_LOCAL_MASTER_KEY", "");
        env.put("CHARTER_AUDIT_CHECKPOINT_KEY", CHECKPOINT_KEY);
        return env;
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(base);
        env.put(name, value);
        return env;
    }

    /** Runs the app to its exit; asserts non-zero and that the output names the setting and shows no key. */
    private static void assertRefusesNaming(Map<String, String> env, String setting) throws IOException {
        int port = AppProcess.freePort();
        int exit = AppProcess.runUntilExit(port, env, EXIT_TIMEOUT);
        String log = Files.readString(AppProcess.log(port));
        assertNotEquals(0, exit, "exit code; see " + AppProcess.log(port));
        assertTrue(log.contains("Charter refuses to start without these settings"), log);
        assertTrue(log.contains(setting), "names " + setting + ": " + log);
        String receiptKey = System.getenv("CHARTER_KEYS_RECEIPT_PRIVATE_KEY");
        assertFalse(receiptKey != null && !receiptKey.isEmpty() && log.contains(receiptKey), "receipt key in log");
        assertFalse(log.contains(CHECKPOINT_KEY), "checkpoint key in log");
    }

    @Test
    void withoutAReceiptSigningKey() throws IOException {
        assertRefusesNaming(with(Map.of(), "CHARTER_KEYS_RECEIPT_PRIVATE_KEY", ""), "charter.keys.receipt.private-key");
        assertRefusesNaming(with(awsKms(), "CHARTER_KEYS_RECEIPT_PRIVATE_KEY", ""), "charter.keys.receipt.private-key");
    }

    @Test
    void withoutAnAuditCheckpointKeyOnAwsKms() throws IOException {
        assertRefusesNaming(with(awsKms(), "CHARTER_AUDIT_CHECKPOINT_KEY", ""), "charter.audit.checkpoint-key");
    }

    @Test
    void withoutAnAudience() throws IOException {
        assertRefusesNaming(with(Map.of(), "MP_JWT_VERIFY_AUDIENCES", ""), "mp.jwt.verify.audiences");
    }

    @Test
    void withoutALedgerSink() throws IOException {
        assertRefusesNaming(with(Map.of(), "CHARTER_LEDGER_DIR", ""), "charter.ledger.dir or charter.ledger.s3-bucket");
    }

    @Test
    void startsOnAwsKmsWithEverySettingAndPublishesTheConfiguredReceiptKey() {
        int port = AppProcess.freePort();
        try (AppProcess app = AppProcess.start(port, awsKms())) {
            String published = RestAssured.given()
                    .port(port)
                    .auth()
                    .oauth2(Tokens.user(Tokens.newUserId("failclosed")))
                    .get("/v1/keys/receipt-signing-key")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("publicKey");
            assertEquals(RECEIPT_PUBLIC_KEY, published);
        }
    }
}
