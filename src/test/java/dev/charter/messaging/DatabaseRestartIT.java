package dev.charter.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Management;
import dev.charter.testsupport.StoredMessages;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * PostgreSQL goes away while clients stream sends, then comes back; the packaged app is never restarted.
 * During the outage readiness is 503 and sends get a retryable {@code internal} error, never an ack; after
 * it, readiness is UP by itself, every acked message is stored exactly once with gapless seqs, live
 * delivery works again, and resending the unacked ones with their clientMsgIds creates no duplicate.
 *
 * <p>The default outage is confined to this test's database ({@code ALLOW_CONNECTIONS false} and its
 * backends terminated over and over), because the cluster is shared: bouncing it would break whatever
 * else runs against it (other builds, a CI run). The real thing, {@code pg_ctlcluster <cluster> stop -m
 * fast} then {@code start}, runs only with {@code CHARTER_IT_RESTART_POSTGRES=true} (as root or the
 * cluster's owner, on a machine where nothing else needs that cluster; cluster from
 * {@code CHARTER_IT_PG_CLUSTER}, default {@code 15/main}).
 */
public class DatabaseRestartIT {

    /** The service's own login role in {@link #theServiceRolesPasswordIsRotated()}. */
    private static final String APP_ROLE = "charter_rotation_it";

    private static final Map<String, String> NO_RATE_LIMIT =
            Map.of("CHARTER_WS_SENDS_PER_SECOND", "1000000", "CHARTER_WS_SEND_BURST", "1000000");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void theAppsConnectionsAreCutAndRefusedForSeconds() throws Exception {
        survives(NO_RATE_LIMIT, this::cutThisDatabaseOff);
    }

    /**
     * The service runs as its own role (made by the migration step) with its password in a file, as a mounted
     * secret; the password is rotated and every connection of the service is cut. New connections fail until the
     * file holds the new password, then the pool, the writer lanes and the LISTEN connection come back by
     * themselves: nothing acked is lost, nothing is stored twice.
     */
    @Test
    void theServiceRolesPasswordIsRotated() throws Exception {
        int exit = AppProcess.runUntilExit(
                AppProcess.freePort(), Map.of("CHARTER_DATABASE_APP_ROLE", APP_ROLE), Duration.ofSeconds(120));
        assertEquals(0, exit, "the migration step prepares the role and exits");
        Path passwordFile = Path.of("target", "it-service-role-password").toAbsolutePath();
        setPassword("first-" + UUID.randomUUID(), passwordFile);
        Map<String, String> env = new HashMap<>(NO_RATE_LIMIT);
        env.put("QUARKUS_DATASOURCE_USERNAME", APP_ROLE);
        env.put("QUARKUS_DATASOURCE_PASSWORD", "unused-with-a-password-file");
        env.put("CHARTER_DATABASE_CREDENTIALS", "file");
        env.put("CHARTER_DATABASE_PASSWORD_FILE", passwordFile.toString());
        survives(env, () -> rotate(passwordFile));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "CHARTER_IT_RESTART_POSTGRES", matches = "true")
    void theClusterIsStoppedAndStarted() throws Exception {
        survives(NO_RATE_LIMIT, () -> {
            String[] cluster = System.getenv()
                    .getOrDefault("CHARTER_IT_PG_CLUSTER", "15/main")
                    .split("/");
            run("pg_ctlcluster", cluster[0], cluster[1], "stop", "-m", "fast");
            Thread.sleep(3_000);
            run("pg_ctlcluster", cluster[0], cluster[1], "start");
        });
    }

    private interface Outage {
        void run() throws Exception;
    }

    private void survives(Map<String, String> appEnv, Outage outage) throws Exception {
        int port = AppProcess.freePort();
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = Tokens.user(alice);
        String bobToken = Tokens.user(bob);
        try (AppProcess app = AppProcess.start(port, appEnv)) {
            Api.on(port, aliceToken).get("/v1/conversations").then().statusCode(200);
            Api.on(port, bobToken).get("/v1/conversations").then().statusCode(200);
            UUID conversation = UUID.fromString(Api.on(port, aliceToken)
                    .body(Map.of("kind", "direct", "members", List.of(bob)))
                    .post("/v1/conversations")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));

            // Bob's other device only listens: it must get every message live, or be told to resync (1012).
            WsClient observer = WsClient.connect(port, bobToken);
            observer.awaitType("welcome");
            AtomicBoolean stop = new AtomicBoolean();
            Sender aliceSends = new Sender(port, aliceToken, conversation, "a", stop);
            Sender bobSends = new Sender(port, bobToken, conversation, "b", stop);
            aliceSends.start();
            bobSends.start();
            awaitCondition(() -> aliceSends.acked.size() + bobSends.acked.size() >= 100, 60, "acks before the outage");

            List<Integer> readiness = new CopyOnWriteArrayList<>();
            AtomicBoolean probing = new AtomicBoolean(true);
            Thread prober = new Thread(() -> {
                while (probing.get()) {
                    readiness.add(Management.readiness(app.managementPort));
                    pause(100);
                }
            });
            prober.start();
            int ackedBefore = aliceSends.acked.size() + bobSends.acked.size();
            outage.run();
            awaitCondition(() -> Management.readiness(app.managementPort) == 200, 60, "readiness UP again by itself");
            probing.set(false);
            prober.join();
            assertTrue(readiness.contains(503), "readiness went DOWN during the outage: " + readiness);

            int ackedAtRecovery = aliceSends.acked.size() + bobSends.acked.size();
            awaitCondition(
                    () -> aliceSends.acked.size() + bobSends.acked.size() >= ackedAtRecovery + 100,
                    60,
                    "sends acked again after the outage (acked before it: " + ackedBefore + ")");
            stop.set(true);
            aliceSends.join(30_000);
            bobSends.join(30_000);
            assertFalse(aliceSends.isAlive() || bobSends.isAlive(), "senders finished");

            List<JsonNode> heard = observer.drain("message", Duration.ofMillis(500));
            assertEquals(1012, observer.awaitClose(), "live delivery was interrupted: resync");
            observer.close();
            for (int i = 1; i < heard.size(); i++) {
                assertEquals(
                        heard.get(i - 1).path("seq").asLong() + 1,
                        heard.get(i).path("seq").asLong(),
                        "messages heard live are gapless until the resync");
            }

            List<JsonNode> errors = new ArrayList<>(aliceSends.errors);
            errors.addAll(bobSends.errors);
            assertFalse(errors.isEmpty(), "sends during the outage were refused, not all acked");
            for (JsonNode error : errors) {
                assertEquals("internal", error.path("code").asText(), error.toString());
                assertTrue(error.path("retryable").asBoolean(), error.toString());
            }
            Map<UUID, JsonNode> acked = new ConcurrentHashMap<>(aliceSends.acked);
            acked.putAll(bobSends.acked);
            StoredMessages.assertAckedStoredOnceWithoutGaps(conversation, acked);

            // Live delivery is back: the LISTEN connection reconnected.
            try (WsClient bobLive = WsClient.connect(port, bobToken);
                    WsClient aliceLive = WsClient.connect(port, aliceToken)) {
                bobLive.awaitType("welcome");
                aliceLive.awaitType("welcome");
                aliceLive.send(frame(conversation, UUID.randomUUID(), "live"));
                assertEquals("ack", aliceLive.awaitRef("live").path("type").asText());
                assertEquals(
                        "through the outage live",
                        bobLive.awaitType("message").path("text").asText());
            }

            // Clients resend everything they hold no ack for, with the same clientMsgIds.
            aliceSends.resendUnacked();
            bobSends.resendUnacked();
            acked.putAll(aliceSends.acked);
            acked.putAll(bobSends.acked);
            assertEquals(List.of(), aliceSends.wrongAcks);
            assertEquals(List.of(), bobSends.wrongAcks);
            assertEquals(aliceSends.sent.size() + bobSends.sent.size(), acked.size());
            StoredMessages.assertAckedStoredOnceWithoutGaps(conversation, acked);
            assertEquals(
                    acked.size() + 1, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", conversation));
        }
    }

    /** One client sending one frame at a time, reconnecting whenever its connection is gone. */
    private static final class Sender extends Thread {
        final Map<UUID, JsonNode> acked = new ConcurrentHashMap<>();
        final List<JsonNode> errors = new CopyOnWriteArrayList<>();
        final List<UUID> sent = new CopyOnWriteArrayList<>();
        final List<JsonNode> wrongAcks = new CopyOnWriteArrayList<>();
        private final int port;
        private final String token;
        private final UUID conversation;
        private final String prefix;
        private final AtomicBoolean stop;

        Sender(int port, String token, UUID conversation, String prefix, AtomicBoolean stop) {
            this.port = port;
            this.token = token;
            this.conversation = conversation;
            this.prefix = prefix;
            this.stop = stop;
        }

        @Override
        public void run() {
            WsClient ws = null;
            for (int i = 0; !stop.get(); i++) {
                UUID clientMsgId = UUID.randomUUID();
                try {
                    if (ws == null) {
                        ws = connect();
                    }
                    sent.add(clientMsgId);
                    ws.send(frame(conversation, clientMsgId, prefix + i));
                    record(clientMsgId, ws.awaitRef(prefix + i));
                } catch (RuntimeException | AssertionError gone) {
                    // Closed under us (1012 after the LISTEN connection came back) or no answer: reconnect.
                    if (ws != null) {
                        ws.close();
                    }
                    ws = null;
                    pause(200);
                }
            }
            if (ws != null) {
                ws.close();
            }
        }

        private WsClient connect() {
            WsClient ws = WsClient.connect(port, token);
            ws.awaitType("welcome");
            return ws;
        }

        private void record(UUID clientMsgId, JsonNode reply) {
            if ("ack".equals(reply.path("type").asText())) {
                if (!clientMsgId.toString().equals(reply.path("clientMsgId").asText())) {
                    wrongAcks.add(reply);
                }
                acked.put(clientMsgId, reply);
            } else {
                errors.add(reply);
            }
        }

        void resendUnacked() {
            try (WsClient ws = connect()) {
                List<UUID> unacked =
                        sent.stream().filter(id -> !acked.containsKey(id)).toList();
                for (int i = 0; i < unacked.size(); i++) {
                    ws.send(frame(conversation, unacked.get(i), "resend" + i));
                }
                for (int i = 0; i < unacked.size(); i++) {
                    JsonNode reply = ws.awaitRef("resend" + i);
                    assertEquals("ack", reply.path("type").asText(), reply.toString());
                    record(unacked.get(i), reply);
                }
            }
        }
    }

    /** This database only: new connections refused, existing ones terminated, for four seconds. */
    private void cutThisDatabaseOff() throws SQLException {
        String database = databaseName();
        try (Connection control = controlConnection();
                Statement st = control.createStatement()) {
            st.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
            try (PreparedStatement terminate = control.prepareStatement("SELECT pg_terminate_backend(pid) "
                    + "FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                terminate.setString(1, database);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
                while (System.nanoTime() < end) {
                    terminate.executeQuery().close();
                    pause(100);
                }
            } finally {
                st.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
            }
        }
    }

    private static void setPassword(String password, Path file) throws SQLException, IOException {
        try (Connection control = controlConnection();
                Statement st = control.createStatement()) {
            st.execute("ALTER ROLE " + APP_ROLE + " PASSWORD '" + password + "'");
            // Membership lets the test terminate the role's backends (CREATEROLE may grant it).
            st.execute("GRANT " + APP_ROLE + " TO CURRENT_USER");
        }
        Files.writeString(file, password);
    }

    /** The new password in the database at once, in the file two seconds later; every service connection cut. */
    private void rotate(Path file) throws Exception {
        String old = Files.readString(file);
        String next = "second-" + UUID.randomUUID();
        try (Connection control = controlConnection();
                Statement st = control.createStatement()) {
            st.execute("ALTER ROLE " + APP_ROLE + " PASSWORD '" + next + "'");
            try (PreparedStatement terminate = control.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?")) {
                terminate.setString(1, APP_ROLE);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < end) {
                    terminate.executeQuery().close();
                    pause(100);
                }
            }
        }
        Files.writeString(file, next);
        SQLException refused = null;
        try (Connection stale = DriverManager.getConnection(jdbcUrl(), APP_ROLE, old)) {
            // fails below
        } catch (SQLException e) {
            refused = e;
        }
        assertTrue(refused != null, "the old password no longer logs in");
    }

    private static String jdbcUrl() {
        String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        if (url == null) {
            throw new IllegalStateException("QUARKUS_DATASOURCE_JDBC_URL must name the IT database");
        }
        return url;
    }

    private static String databaseName() {
        String path = URI.create(jdbcUrl().substring("jdbc:".length())).getPath();
        return path.substring(1);
    }

    /** A connection to another database of the cluster, so it survives what is done to ours. */
    private static Connection controlConnection() throws SQLException {
        String url = jdbcUrl();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        String control = url.substring(0, slash) + "/postgres" + (query < 0 ? "" : url.substring(query));
        return DriverManager.getConnection(
                control, System.getenv("QUARKUS_DATASOURCE_USERNAME"), System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, process.waitFor(), String.join(" ", command));
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, int seconds, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            pause(100);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String frame(UUID conversation, UUID clientMsgId, String ref) {
        return Frames.send(ref, conversation, clientMsgId, "through the outage " + ref);
    }
}
