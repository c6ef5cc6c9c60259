package dev.charter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.crypto.ReceiptSigner;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.KmsStub;
import dev.charter.testsupport.PgDump;
import dev.charter.testsupport.S3Stub;
import dev.charter.testsupport.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged app as the region module deploys it: prod profile, every setting exactly as the ECS task
 * definition gives it (scripts/task-environment.sh applies the module under mocks and exports the task's
 * environment, so the two cannot drift), its two secrets generated as Terraform does, {@code aws-kms} against the
 * KMS protocol stub, the ledger in the S3 stub only, logged in as its own database role after the migration step,
 * in a working directory it cannot write to. Only what cannot exist on this machine is replaced (listed in
 * {@link #LOCAL_REPLACEMENTS}), and only harness settings that have no place in a task are added (AWS endpoints and
 * credentials, the password file standing in for IAM tokens). It erases a user and verifies the receipt with the
 * published key, writes an audit checkpoint into the bucket, then starts on a restored pre-erasure backup and keeps
 * the erasure.
 */
class ProdShapedIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Module settings that name AWS resources this machine does not have: the database endpoint and its CA bundle
     * (the local server's certificate is self-signed, not RDS's), IAM database authentication (a password file
     * stands in), and the identity provider (the tests' issuer and key). {@code null} removes the setting.
     */
    private static final List<String> LOCAL_REPLACEMENTS = List.of(
            "QUARKUS_DATASOURCE_REACTIVE_URL",
            "QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE",
            "QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM",
            "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM",
            "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS",
            "CHARTER_DATABASE_CREDENTIALS",
            "MP_JWT_VERIFY_ISSUER",
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION");

    @Test
    void erasureReceiptCheckpointAndRestoreAsDeployed() throws Exception {
        JsonNode task = exportedTask();
        Map<String, String> module = new HashMap<>();
        task.path("environment")
                .fields()
                .forEachRemaining(e -> module.put(e.getKey(), e.getValue().asText()));
        assertEquals("8080", module.remove("QUARKUS_HTTP_PORT"), "the task's public port");
        assertEquals("9000", module.remove("QUARKUS_MANAGEMENT_PORT"), "the task's management port");
        assertEquals("aws-kms", module.get("CHARTER_KEYS_PROVIDER"));
        assertFalse(module.containsKey("CHARTER_LEDGER_DIR"), "the ledger is in S3 only");
        String appRole = module.get("QUARKUS_DATASOURCE_USERNAME");
        String bucket = module.get("CHARTER_LEDGER_S3_BUCKET");
        String prefix = module.get("CHARTER_LEDGER_S3_PREFIX");

        Path work = Files.createTempDirectory("charter-prod-shaped");
        Path readOnly = Files.createDirectory(work.resolve("app"));
        Path passwordFile = work.resolve("db-password");
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String admin = Tokens.withRoles(Tokens.newUserId("admin"), "user", "admin");
        Path dump = work.resolve("pre-erasure.sql");
        String restored = PgDump.currentDatabase() + "_prodshaped";
        try (KmsStub kms = new KmsStub();
                S3Stub s3 = new S3Stub(bucket);
                ReadOnlyDirectory ignored = ReadOnlyDirectory.of(readOnly)) {
            java.security.KeyPair receiptKey =
                    KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Map<String, String> secrets = generatedSecrets(task, receiptKey);
            Map<String, String> harness = new HashMap<>(Map.of(
                    "CHARTER_KEYS_AWS_ENDPOINT", kms.endpoint(),
                    "CHARTER_LEDGER_S3_ENDPOINT", s3.endpoint(),
                    "AWS_REGION", module.get("CHARTER_REGION"),
                    "AWS_ACCESS_KEY_ID", "AKIDTEST",
                    "AWS_SECRET_ACCESS_KEY", "test-secret",
                    "CHARTER_DATABASE_PASSWORD_FILE", passwordFile.toString()));
            if (localTls()) {
                // TLS to the local server, whose self-signed certificate no CA bundle here vouches for.
                harness.put("QUARKUS_DATASOURCE_REACTIVE_TRUST_ALL", "true");
            }

            // The migration step: as the owner, migrate and prepare the service's role, then exit.
            Map<String, String> migrate = environment(module, secrets, harness, ownDatabase());
            migrate.put("QUARKUS_DATASOURCE_USERNAME", System.getenv("QUARKUS_DATASOURCE_USERNAME"));
            migrate.put("QUARKUS_DATASOURCE_PASSWORD", System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
            migrate.put("CHARTER_DATABASE_CREDENTIALS", "config");
            migrate.put("CHARTER_DATABASE_APP_ROLE", appRole);
            int stepPort = AppProcess.freePort();
            assertEquals(
                    0,
                    AppProcess.runIsolatedUntilExit(stepPort, migrate, readOnly, Duration.ofSeconds(120)),
                    "the migration step; see " + AppProcess.log(stepPort));
            String password = "prod-shaped-" + UUID.randomUUID();
            Db.execute("ALTER ROLE " + appRole + " PASSWORD '" + password + "'");
            Files.writeString(passwordFile, password, StandardCharsets.UTF_8);

            UUID conversation;
            int port = AppProcess.freePort();
            try (AppProcess app =
                    AppProcess.startIsolated(port, environment(module, secrets, harness, ownDatabase()), readOnly)) {
                Api.on(port, Tokens.user(alice)).get("/v1/conversations").then().statusCode(200);
                Api.on(port, Tokens.user(bob)).get("/v1/conversations").then().statusCode(200);
                conversation = UUID.fromString(Api.on(port, Tokens.user(alice))
                        .body(Map.of("kind", "direct", "members", List.of(bob)))
                        .post("/v1/conversations")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
                Chat.send(port, Tokens.user(alice), conversation, List.of("alice before the backup"));
                Chat.send(port, Tokens.user(bob), conversation, List.of("bob before the backup"));
                assertFalse(kms.calls().isEmpty(), "message keys come from KMS");
                PgDump.dump(PgDump.currentDatabase(), dump);

                JsonNode receipt = JSON.readTree(Api.on(port, admin)
                        .body(Map.of("user", alice))
                        .post("/v1/admin/keys/destroy")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
                JsonNode published = JSON.readTree(Api.on(port, admin)
                        .get("/v1/keys/receipt-signing-key")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
                assertTrue(
                        ReceiptSigner.verify(
                                published.path("publicKey").asText(),
                                receipt.path("payload").asText(),
                                receipt.path("signature").asText()),
                        "the receipt verifies with the published key");
                assertEquals(
                        Base64.getEncoder()
                                .encodeToString(receiptKey.getPublic().getEncoded()),
                        published.path("publicKey").asText(),
                        "the published key is the half of the key Terraform generated, not a throwaway one");

                Api.on(port, admin).post("/v1/admin/audit/checkpoints").then().statusCode(201);
                assertTrue(
                        s3.objects().keySet().stream().anyMatch(k -> k.startsWith(prefix + "audit/checkpoint-")),
                        "the checkpoint is in the bucket: " + s3.objects().keySet());
            }

            // A pre-erasure backup restored: the bucket's shred ledger erases alice again before serving.
            PgDump.createDatabase(restored);
            PgDump.restore(restored, dump);
            port = AppProcess.freePort();
            try (AppProcess app = AppProcess.startIsolated(
                    port, environment(module, secrets, harness, database(restored)), readOnly)) {
                List<JsonNode> history = Chat.history(port, Tokens.user(bob), conversation);
                assertTrue(
                        history.get(0).path("erased").asBoolean(),
                        history.get(0).toString());
                assertTrue(history.get(0).path("text").isMissingNode());
                assertEquals(
                        "bob before the backup", history.get(1).path("text").asText());
            }
            try (var written = Files.list(readOnly)) {
                assertEquals(List.of(), written.toList(), "nothing is written to the working directory");
            }
        }
    }

    /** The module's settings, with only {@link #LOCAL_REPLACEMENTS} replaced and the harness settings added. */
    private static Map<String, String> environment(
            Map<String, String> module,
            Map<String, String> secrets,
            Map<String, String> harness,
            Map<String, String> database) {
        Map<String, String> env = new HashMap<>(module);
        env.putAll(secrets);
        for (String key : LOCAL_REPLACEMENTS) {
            assertTrue(module.containsKey(key), key + " is a setting the task definition really has");
        }
        Map<String, String> local = new HashMap<>(database);
        local.put("CHARTER_DATABASE_CREDENTIALS", "file");
        local.put("MP_JWT_VERIFY_ISSUER", Tokens.ISSUER);
        local.put(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                Path.of("src/test/resources/jwt/public.pem").toAbsolutePath().toString());
        for (String key : LOCAL_REPLACEMENTS) {
            String value = local.get(key);
            if (value == null) {
                env.remove(key);
            } else {
                env.put(key, value);
            }
        }
        for (String key : harness.keySet()) {
            assertFalse(module.containsKey(key), key + " is a harness setting, not one the task has");
        }
        env.putAll(harness);
        return env;
    }

    private static Map<String, String> ownDatabase() {
        return database(PgDump.currentDatabase());
    }

    /** The local database: TLS without the RDS CA (the local certificate is self-signed), or none. */
    private static Map<String, String> database(String name) {
        Map<String, String> db = new HashMap<>();
        db.put(
                "QUARKUS_DATASOURCE_REACTIVE_URL",
                System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL").replaceAll("/[^/?]+(\\?.*)?$", "/" + name));
        db.put(
                "QUARKUS_DATASOURCE_JDBC_URL",
                System.getenv("QUARKUS_DATASOURCE_JDBC_URL").replaceAll("/[^/?]+(\\?.*)?$", "/" + name));
        db.put("QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE", localTls() ? "require" : "disable");
        return db;
    }

    private static boolean localTls() {
        return "on".equals(Db.rows("SHOW ssl").get(0).get(0));
    }

    /** The task's secrets, generated as the region module's secrets.tf does. */
    private static Map<String, String> generatedSecrets(JsonNode task, java.security.KeyPair receiptKey) {
        Map<String, String> secrets = new HashMap<>();
        for (Iterator<JsonNode> names = task.path("secrets").elements(); names.hasNext(); ) {
            String name = names.next().asText();
            secrets.put(
                    name,
                    switch (name) {
                        case "CHARTER_KEYS_RECEIPT_PRIVATE_KEY" ->
                            Base64.getEncoder()
                                    .encodeToString(receiptKey.getPrivate().getEncoded());
                        case "CHARTER_AUDIT_CHECKPOINT_KEY" -> {
                            byte[] key = new byte[32];
                            new SecureRandom().nextBytes(key);
                            yield Base64.getEncoder().encodeToString(key);
                        }
                        default -> throw new AssertionError("a secret this test does not know how to make: " + name);
                    });
        }
        return secrets;
    }

    private static JsonNode exportedTask() throws IOException, InterruptedException {
        Path out = Path.of("target", "task-environment.json").toAbsolutePath();
        Process export = new ProcessBuilder("bash", "scripts/task-environment.sh", out.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        Path.of("target", "task-environment.log").toFile()))
                .start();
        assertEquals(0, export.waitFor(), "scripts/task-environment.sh; see target/task-environment.log");
        return JSON.readTree(out.toFile());
    }

    /**
     * A directory the app cannot write to, as the task's read-only root file system: permissions for an ordinary
     * user, and the immutable attribute ({@code chattr +i}) where the test runs as root, whom permissions do not
     * stop.
     */
    private record ReadOnlyDirectory(Path dir, boolean immutable) implements AutoCloseable {
        static ReadOnlyDirectory of(Path dir) throws IOException, InterruptedException {
            assertTrue(dir.toFile().setWritable(false, false));
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                Process chattr = new ProcessBuilder("chattr", "+i", dir.toString())
                        .inheritIO()
                        .start();
                assertEquals(0, chattr.waitFor(), "chattr +i " + dir);
            }
            assertFalse(writable(dir), "the working directory must refuse writes");
            return new ReadOnlyDirectory(dir, root);
        }

        private static boolean writable(Path dir) {
            try {
                Files.delete(Files.createFile(dir.resolve("probe")));
                return true;
            } catch (IOException refused) {
                return false;
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", dir.toString())
                        .inheritIO()
                        .start()
                        .waitFor();
            }
            dir.toFile().setWritable(true, false);
        }
    }
}
