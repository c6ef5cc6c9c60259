package dev.charter.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Several regions on this machine for the federation tests: each a packaged app with a fresh database and ledger
 * of its own, all peers of each other over loopback, each with its own Ed25519 key. Plus what the tests do with
 * them: users, sends, histories, the transfer register, a region's own rows.
 */
final class Regions implements AutoCloseable {

    /** One region: its name, the country it serves, its port and environment, and the running app. */
    static final class Region {
        final String name;
        final String country;
        final int port;
        final KeyPair key;
        final Map<String, String> env = new HashMap<>();
        AppProcess app;

        private Region(String name, String country) {
            this.name = name;
            this.country = country;
            this.port = AppProcess.freePort();
            try {
                this.key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Starts (or starts again) the region with its current environment. */
        void start() {
            app = AppProcess.start(port, env);
        }

        void kill() {
            app.kill();
        }

        String register(String sub) {
            String token = Tokens.user(sub, country);
            Api.on(port, token).get("/v1/conversations").then().statusCode(200);
            return token;
        }

        WsClient open(String token) {
            WsClient ws = WsClient.connect(port, token);
            ws.awaitType("welcome");
            return ws;
        }

        /** {@code seq:sender:text:senderRegion} of every message, in seq order (every page). */
        List<String> history(String token, UUID conversation) {
            List<String> seen = new ArrayList<>();
            long after = 0;
            while (true) {
                Response page = Api.on(port, token)
                        .get("/v1/conversations/" + conversation + "/messages?afterSeq=" + after + "&limit=100");
                page.then().statusCode(200);
                List<Map<String, Object>> messages = page.jsonPath().getList("messages");
                for (Map<String, Object> m : messages) {
                    seen.add(m.get("seq") + ":" + m.get("sender") + ":" + m.get("text") + ":" + m.get("senderRegion"));
                    after = ((Number) m.get("seq")).longValue();
                }
                if (!Boolean.TRUE.equals(page.jsonPath().get("hasMore")) || messages.isEmpty()) {
                    return seen;
                }
            }
        }

        List<String> conversations(String token) {
            return Api.on(port, token).get("/v1/conversations").jsonPath().getList("id");
        }

        String staff(String role) {
            return Tokens.claims(Tokens.newUserId(role), country)
                    .groups(Set.of(role))
                    .sign(Tokens.key());
        }

        /** The region's transfer register. */
        List<Map<String, Object>> transfers() {
            return Api.on(port, staff("privacy-officer"))
                    .get("/v1/admin/transfers")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$");
        }

        /** A total of one route of the register; 0 before its first use. */
        long routeTotal(String from, String to, String field) {
            return transfers().stream()
                    .filter(r -> from.equals(r.get("fromJurisdiction")) && to.equals(r.get("toRegion")))
                    .mapToLong(r -> ((Number) r.get(field)).longValue())
                    .sum();
        }

        /** Rows of the region's own database (the test's database user owns it). */
        List<List<Object>> rows(String sql, Object... params) {
            try (Connection conn = DriverManager.getConnection(
                            env.get("QUARKUS_DATASOURCE_JDBC_URL"),
                            System.getenv("QUARKUS_DATASOURCE_USERNAME"),
                            System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
                    PreparedStatement st = conn.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    st.setObject(i + 1, params[i]);
                }
                List<List<Object>> found = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                            row.add(rs.getObject(c));
                        }
                        found.add(row);
                    }
                }
                return found;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Map<String, Region> regions = new LinkedHashMap<>();

    /** {@code region=country} pairs, e.g. {@code eu-central-1=DE}; nothing is started yet. */
    Regions(Map<String, String> serving) throws Exception {
        serving.forEach((name, country) -> regions.put(name, new Region(name, country)));
        for (Region region : regions.values()) {
            configure(region);
        }
    }

    Region get(String name) {
        return regions.get(name);
    }

    void startAll() {
        regions.values().forEach(Region::start);
    }

    @Override
    public void close() {
        for (Region region : regions.values()) {
            if (region.app != null) {
                region.app.close();
            }
        }
    }

    private void configure(Region region) throws Exception {
        String db = System.getenv().getOrDefault("CHARTER_TEST_DB_NAME", "charter_test") + "_"
                + region.name.replace('-', '_');
        try (Connection conn = Db.connect();
                Statement st = conn.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + db);
        }
        String jdbc = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        String base = jdbc.substring(0, jdbc.lastIndexOf('/') + 1);
        List<Region> peers = regions.values().stream().filter(r -> r != region).toList();
        Map<String, String> env = region.env;
        env.put("QUARKUS_DATASOURCE_JDBC_URL", base + db);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", base.replace("jdbc:", "") + db);
        env.put("CHARTER_REGION", region.name);
        env.put("CHARTER_COUNTRIES", region.country);
        env.put(
                "CHARTER_LEDGER_DIR",
                Files.createTempDirectory("ledger-" + region.name).toString());
        env.put(
                "CHARTER_FEDERATION_PEERS",
                peers.stream().map(p -> p.name + "=http://127.0.0.1:" + p.port).collect(Collectors.joining(",")));
        env.put("CHARTER_FEDERATION_PRIVATE_KEY", base64(region.key.getPrivate().getEncoded()));
        env.put(
                "CHARTER_FEDERATION_PEER_KEYS",
                peers.stream()
                        .map(p -> p.name + "=" + base64(p.key.getPublic().getEncoded()))
                        .collect(Collectors.joining(",")));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static JsonNode send(WsClient ws, UUID conversation, String text) {
        String ref = UUID.randomUUID().toString();
        ws.send(WsClient.frame("send", ref)
                .put("conversation", conversation.toString())
                .put("clientMsgId", UUID.randomUUID().toString())
                .put("text", text));
        return ws.awaitRef(ref);
    }

    /** The value once {@code done} holds, or the last one after 20 s (for the assertion to show). */
    static <T> T eventually(Supplier<T> check, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T value = check.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = check.get();
        }
        return value;
    }

    /** The one route of a register from {@code from} to {@code to}. */
    static Map<String, Object> only(List<Map<String, Object>> routes, String from, String to) {
        List<Map<String, Object>> matching = routes.stream()
                .filter(r -> from.equals(r.get("fromJurisdiction")) && to.equals(r.get("toRegion")))
                .toList();
        assertEquals(1, matching.size(), routes.toString());
        return matching.get(0);
    }
}
