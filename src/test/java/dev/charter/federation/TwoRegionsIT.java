package dev.charter.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two regions on this machine, each a packaged app with its own database: Germany (eu-central-1) and the United
 * States (us-east-1), peers of each other. A conversation is hosted by its creator's region and replicated to the
 * other members' regions; both show the same seqs and texts.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class TwoRegionsIT {

    private static final String DE = "eu-central-1";
    private static final String US = "us-east-1";

    private static final Map<String, String> de = new HashMap<>();
    private static final Map<String, String> us = new HashMap<>();
    private static AppProcess deApp;
    private static AppProcess usApp;

    @BeforeAll
    static void startRegions() throws Exception {
        KeyPair deKey = ed25519();
        KeyPair usKey = ed25519();
        int dePort = AppProcess.freePort();
        int usPort = AppProcess.freePort();
        de.putAll(region(DE, "DE", "fed_de", dePort, deKey, US, usPort, usKey));
        us.putAll(region(US, "US", "fed_us", usPort, usKey, DE, dePort, deKey));
        // Every region declares the mechanisms the operator has in place; the host checks them for all members.
        de.put("CHARTER_TRANSFERS_IN_PLACE", "GDPR:US:dpf");
        us.put("CHARTER_TRANSFERS_IN_PLACE", "GDPR:US:dpf");
        deApp = AppProcess.start(dePort, de);
        usApp = AppProcess.start(usPort, us);
    }

    @AfterAll
    static void stopRegions() {
        if (deApp != null) {
            deApp.close();
        }
        if (usApp != null) {
            usApp.close();
        }
    }

    private static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** A fresh database and ledger for the region, and the other region as its only peer. */
    private static Map<String, String> region(
            String name,
            String country,
            String database,
            int port,
            KeyPair key,
            String peer,
            int peerPort,
            KeyPair peerKey)
            throws Exception {
        String db = System.getenv().getOrDefault("CHARTER_TEST_DB_NAME", "charter_test") + "_" + database;
        try (Connection conn = Db.connect();
                Statement st = conn.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + db);
        }
        String jdbc = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        String base = jdbc.substring(0, jdbc.lastIndexOf('/') + 1);
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", base + db);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", base.replace("jdbc:", "") + db);
        env.put("CHARTER_REGION", name);
        env.put("CHARTER_COUNTRIES", country);
        env.put(
                "CHARTER_LEDGER_DIR",
                Files.createTempDirectory("ledger-" + name).toString());
        env.put("CHARTER_FEDERATION_PEERS", peer + "=http://127.0.0.1:" + peerPort);
        env.put(
                "CHARTER_FEDERATION_PRIVATE_KEY",
                Base64.getEncoder().encodeToString(key.getPrivate().getEncoded()));
        env.put(
                "CHARTER_FEDERATION_PEER_KEYS",
                peer + "="
                        + Base64.getEncoder().encodeToString(peerKey.getPublic().getEncoded()));
        return env;
    }

    private static String register(AppProcess app, String sub, String country) {
        String token = Tokens.user(sub, country);
        Api.on(app.port, token).get("/v1/conversations").then().statusCode(200);
        return token;
    }

    private static WsClient open(AppProcess app, String token) {
        WsClient ws = WsClient.connect(app.port, token);
        ws.awaitType("welcome");
        return ws;
    }

    private static JsonNode send(WsClient ws, UUID conversation, String text) {
        String ref = UUID.randomUUID().toString();
        ws.send(WsClient.frame("send", ref)
                .put("conversation", conversation.toString())
                .put("clientMsgId", UUID.randomUUID().toString())
                .put("text", text));
        return ws.awaitRef(ref);
    }

    private static List<String> history(AppProcess app, String token, UUID conversation) {
        Response page =
                Api.on(app.port, token).get("/v1/conversations/" + conversation + "/messages?afterSeq=0&limit=100");
        page.then().statusCode(200);
        List<String> seen = new ArrayList<>();
        List<Map<String, Object>> messages = page.jsonPath().getList("messages");
        for (Map<String, Object> m : messages) {
            seen.add(m.get("seq") + ":" + m.get("sender") + ":" + m.get("text") + ":" + m.get("senderRegion"));
        }
        return seen;
    }

    private static <T> T eventually(Supplier<T> check, java.util.function.Predicate<T> done) {
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

    private static String officer(String country) {
        return Tokens.claims(Tokens.newUserId("officer"), country)
                .groups(java.util.Set.of("privacy-officer"))
                .sign(Tokens.key());
    }

    /** A total of a route in a region's transfer register; 0 before its first use. */
    private static long routeTotal(AppProcess app, String country, String from, String to, String field) {
        List<Map<String, Object>> routes = Api.on(app.port, officer(country))
                .get("/v1/admin/transfers")
                .jsonPath()
                .getList("$");
        return routes.stream()
                .filter(r -> from.equals(r.get("fromJurisdiction")) && to.equals(r.get("toRegion")))
                .mapToLong(r -> ((Number) r.get(field)).longValue())
                .sum();
    }

    private static Map<String, Object> only(List<Map<String, Object>> routes, String from, String to) {
        List<Map<String, Object>> matching = routes.stream()
                .filter(r -> from.equals(r.get("fromJurisdiction")) && to.equals(r.get("toRegion")))
                .toList();
        assertEquals(1, matching.size(), routes.toString());
        return matching.get(0);
    }

    /** Rows of a region's own database (the test's JDBC user owns both). */
    private static List<List<Object>> rows(Map<String, String> region, String sql, Object... params) throws Exception {
        try (Connection conn = java.sql.DriverManager.getConnection(
                        region.get("QUARKUS_DATASOURCE_JDBC_URL"),
                        System.getenv("QUARKUS_DATASOURCE_USERNAME"),
                        System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
                java.sql.PreparedStatement st = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            List<List<Object>> found = new ArrayList<>();
            try (java.sql.ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        row.add(rs.getObject(c));
                    }
                    found.add(row);
                }
            }
            return found;
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void erasingAGermanUserRemovesHerTextFromTheAmericanReplicaWithItsSignedReceipt() throws Exception {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = register(deApp, alice, "DE");
        String bobToken = register(usApp, bob, "US");
        UUID conversation = UUID.fromString(Api.on(deApp.port, aliceToken)
                .body(Map.of("kind", "group", "title", "Plans", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
        try (WsClient aliceWs = open(deApp, aliceToken)) {
            assertEquals(
                    1,
                    send(aliceWs, conversation, "my address is Hauptstr. 1")
                            .path("seq")
                            .asLong());
        }
        List<String> before = List.of("1:" + alice + ":my address is Hauptstr. 1:" + DE);
        assertEquals(before, eventually(() -> history(usApp, bobToken, conversation), before::equals));

        Api.on(deApp.port, aliceToken)
                .body(Map.of("type", "erasure"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202);

        // The American copy was sealed under the US region's key for Alice: the US shreds it, and her text is gone.
        List<String> after = List.of("1:null:null:null");
        assertEquals(after, eventually(() -> history(usApp, bobToken, conversation), after::equals));
        Response page = Api.on(usApp.port, bobToken).get("/v1/conversations/" + conversation + "/messages");
        assertEquals(Boolean.TRUE, page.jsonPath().get("messages[0].erased"));
        Object liveKeys = rows(us, "SELECT count(*) FROM data_key WHERE user_id = ? AND destroyed_at IS NULL", alice)
                .get(0)
                .get(0);
        assertEquals(0L, ((Number) liveKeys).longValue());

        // Germany holds the US region's signed receipt, verifiable with the key the US publishes.
        List<List<Object>> receipts = eventually(
                () -> {
                    try {
                        return rows(
                                de,
                                "SELECT receipt::text FROM remote_erasure WHERE user_id = ? AND region = ?"
                                        + " AND done_at IS NOT NULL",
                                alice,
                                US);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                found -> !found.isEmpty());
        assertEquals(1, receipts.size());
        JsonNode receipt = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree((String) receipts.get(0).get(0));
        assertEquals(US, receipt.path("region").asText());
        String usKey = Api.on(usApp.port, bobToken)
                .get("/v1/keys/receipt-signing-key")
                .jsonPath()
                .getString("publicKey");
        assertTrue(
                dev.charter.crypto.ReceiptSigner.verify(
                        usKey,
                        receipt.path("payload").asText(),
                        receipt.path("signature").asText()),
                receipt.toString());
        JsonNode statement = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(receipt.path("payload").asText());
        assertEquals(US, statement.path("region").asText());
        assertTrue(statement.path("keyIds").size() >= 1, statement.toString());
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aGermanAndAnAmericanTalkAcrossRegionsWithTheSameSeqsInBoth() {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = register(deApp, alice, "DE");
        String bobToken = register(usApp, bob, "US");
        long germanUsersBefore = routeTotal(deApp, "DE", "GDPR", US, "users");
        long germanMessagesBefore = routeTotal(deApp, "DE", "GDPR", US, "messages");
        long americanMessagesBefore = routeTotal(usApp, "US", "US", DE, "messages");

        // A user no region knows.
        Api.on(deApp.port, aliceToken)
                .body(Map.of("kind", "direct", "members", List.of(Tokens.newUserId("nobody"))))
                .post("/v1/conversations")
                .then()
                .statusCode(404)
                .body("code", org.hamcrest.Matchers.equalTo("unknown_user"));

        UUID conversation = UUID.fromString(Api.on(deApp.port, aliceToken)
                .body(Map.of("kind", "direct", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));

        // The replica appears in the US for Bob.
        List<String> bobsConversations = eventually(
                () -> Api.on(usApp.port, bobToken)
                        .get("/v1/conversations")
                        .jsonPath()
                        .getList("id"),
                ids -> ids.contains(conversation.toString()));
        assertTrue(bobsConversations.contains(conversation.toString()), bobsConversations.toString());

        try (WsClient aliceWs = open(deApp, aliceToken);
                WsClient bobWs = open(usApp, bobToken)) {
            JsonNode first = send(aliceWs, conversation, "Hallo Bob");
            assertEquals("ack", first.path("type").asText(), first.toString());
            assertEquals(1, first.path("seq").asLong());
            JsonNode toBob = bobWs.await(f ->
                    "message".equals(f.path("type").asText()) && f.path("seq").asLong() == 1);
            assertEquals("Hallo Bob", toBob.path("text").asText());
            assertEquals(alice, toBob.path("sender").asText());
            assertEquals(DE, toBob.path("senderRegion").asText());

            JsonNode reply = send(bobWs, conversation, "Hi Alice");
            assertEquals("ack", reply.path("type").asText(), reply.toString());
            assertEquals(2, reply.path("seq").asLong());
            JsonNode toAlice = aliceWs.await(f ->
                    "message".equals(f.path("type").asText()) && f.path("seq").asLong() == 2);
            assertEquals("Hi Alice", toAlice.path("text").asText());
            assertEquals(bob, toAlice.path("sender").asText());
            assertEquals(US, toAlice.path("senderRegion").asText());
            assertTrue(aliceWs.drain("message", Duration.ofMillis(300)).isEmpty(), "Alice's own message is not echoed");
        }

        // The same seqs and texts in both regions; each names the region of members from the other.
        List<String> inGermany = List.of("1:" + alice + ":Hallo Bob:null", "2:" + bob + ":Hi Alice:" + US);
        List<String> inTheUs = List.of("1:" + alice + ":Hallo Bob:" + DE, "2:" + bob + ":Hi Alice:null");
        assertEquals(inGermany, history(deApp, aliceToken, conversation));
        assertEquals(inTheUs, eventually(() -> history(usApp, bobToken, conversation), inTheUs::equals));

        // The other way round: a group hosted in the US, with a German member who sends through her own region.
        UUID hostedInUs = UUID.fromString(Api.on(usApp.port, bobToken)
                .body(Map.of("kind", "group", "title", "Road trip", "members", List.of(alice)))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
        eventually(
                () -> Api.on(deApp.port, aliceToken)
                        .get("/v1/conversations")
                        .jsonPath()
                        .getList("id"),
                ids -> ids.contains(hostedInUs.toString()));
        try (WsClient aliceWs = open(deApp, aliceToken);
                WsClient bobWs = open(usApp, bobToken)) {
            assertEquals(
                    1, send(aliceWs, hostedInUs, "Ich bin dabei").path("seq").asLong());
            JsonNode toBob = bobWs.await(f -> "message".equals(f.path("type").asText())
                    && hostedInUs.toString().equals(f.path("conversation").asText()));
            assertEquals("Ich bin dabei", toBob.path("text").asText());
            assertEquals(DE, toBob.path("senderRegion").asText());
            assertEquals(2, send(bobWs, hostedInUs, "Great").path("seq").asLong());
            JsonNode toAlice = aliceWs.await(f -> "message"
                            .equals(f.path("type").asText())
                    && hostedInUs.toString().equals(f.path("conversation").asText())
                    && f.path("seq").asLong() == 2);
            assertEquals("Great", toAlice.path("text").asText());
        }
        List<String> hostUs = List.of("1:" + alice + ":Ich bin dabei:" + DE, "2:" + bob + ":Great:null");
        List<String> replicaDe = List.of("1:" + alice + ":Ich bin dabei:null", "2:" + bob + ":Great:" + US);
        assertEquals(hostUs, history(usApp, bobToken, hostedInUs));
        assertEquals(replicaDe, eventually(() -> history(deApp, aliceToken, hostedInUs), replicaDe::equals));

        // The replica region is down: the host still commits and acks; the replica catches up when it is back,
        // without a gap or a duplicate.
        usApp.kill();
        List<String> whileDown = new ArrayList<>(inTheUs);
        List<String> hostAfter = new ArrayList<>(inGermany);
        try (WsClient aliceWs = open(deApp, aliceToken)) {
            for (int i = 3; i <= 5; i++) {
                JsonNode ack = send(aliceWs, conversation, "message " + i);
                assertEquals(i, ack.path("seq").asLong(), ack.toString());
                whileDown.add(i + ":" + alice + ":message " + i + ":" + DE);
                hostAfter.add(i + ":" + alice + ":message " + i + ":null");
            }
        }
        usApp = AppProcess.start(usApp.port, us);
        assertEquals(whileDown, eventually(() -> history(usApp, bobToken, conversation), whileDown::equals));

        // Bob's sends go to the host: with the host down, nothing is acked and the error says to retry.
        deApp.kill();
        try (WsClient bobWs = open(usApp, bobToken)) {
            JsonNode refused = send(bobWs, conversation, "anyone there?");
            assertEquals("error", refused.path("type").asText(), refused.toString());
            assertEquals("internal", refused.path("code").asText());
            assertTrue(refused.path("retryable").asBoolean(), refused.toString());
        }
        de.remove("CHARTER_TRANSFERS_IN_PLACE");
        deApp = AppProcess.start(deApp.port, de);
        assertEquals(hostAfter, history(deApp, aliceToken, conversation));

        // The transfer register of each region: the route, its mechanism, its users and messages; its first use
        // audited.
        String officer = Tokens.withRoles(Tokens.newUserId("officer"), "privacy-officer");
        List<Map<String, Object>> fromGermany = Api.on(deApp.port, officer)
                .get("/v1/admin/transfers")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Object> gdprToUs = only(fromGermany, "GDPR", US);
        assertEquals("dpf", gdprToUs.get("mechanism"));
        assertTrue(String.valueOf(gdprToUs.get("source")).contains("2023/1795"), gdprToUs.toString());
        assertEquals(germanUsersBefore + 1, ((Number) gdprToUs.get("users")).longValue(), gdprToUs.toString());
        assertEquals(germanMessagesBefore + 5, ((Number) gdprToUs.get("messages")).longValue(), gdprToUs.toString());
        List<Map<String, Object>> fromTheUs = Api.on(
                        usApp.port,
                        Tokens.claims(Tokens.newUserId("admin"), "US")
                                .groups(java.util.Set.of("admin"))
                                .sign(Tokens.key()))
                .get("/v1/admin/transfers")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        Map<String, Object> usToGermany = only(fromTheUs, "US", DE);
        assertEquals("unrestricted", usToGermany.get("mechanism"));
        assertEquals(
                americanMessagesBefore + 2, ((Number) usToGermany.get("messages")).longValue(), usToGermany.toString());
        List<Map<String, Object>> audited = Api.on(deApp.port, Tokens.withRoles(Tokens.newUserId("admin"), "admin"))
                .get("/v1/admin/audit?subject=route:GDPR>" + US)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertEquals(
                1,
                audited.stream()
                        .filter(e -> "transfer.route_first_used".equals(e.get("action")))
                        .count(),
                audited.toString());

        // Without a declared mechanism, a German user's data may not go to the United States: nothing is created.
        long conversationsBefore = Api.on(deApp.port, aliceToken)
                .get("/v1/conversations")
                .jsonPath()
                .getList("id")
                .size();
        Api.on(deApp.port, aliceToken)
                .body(Map.of("kind", "group", "title", "Transatlantic", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(422)
                .body("code", org.hamcrest.Matchers.equalTo("transfer_not_permitted"))
                .body("detail", org.hamcrest.Matchers.containsString(alice))
                .body("detail", org.hamcrest.Matchers.containsString("GDPR"));
        assertEquals(
                conversationsBefore,
                Api.on(deApp.port, aliceToken)
                        .get("/v1/conversations")
                        .jsonPath()
                        .getList("id")
                        .size());
    }
}
