package dev.charter.federation;

import static dev.charter.federation.Regions.eventually;
import static dev.charter.federation.Regions.only;
import static dev.charter.federation.Regions.send;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.crypto.ReceiptSigner;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two regions on this machine, each a packaged app with its own database: Germany (eu-central-1) and the United
 * States (us-east-1), peers of each other. A conversation is hosted by its creator's region and replicated to the
 * other members' regions; both show the same seqs and texts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoRegionsIT {

    private static final String DE = "eu-central-1";
    private static final String US = "us-east-1";

    private static Regions regions;
    private static Regions.Region de;
    private static Regions.Region us;

    @BeforeAll
    static void startRegions() throws Exception {
        regions = new Regions(Map.of(DE, "DE", US, "US"));
        de = regions.get(DE);
        us = regions.get(US);
        // Every region declares the mechanisms the operator has in place; the host checks them for all members.
        de.env.put("CHARTER_TRANSFERS_IN_PLACE", "GDPR:US:dpf");
        us.env.put("CHARTER_TRANSFERS_IN_PLACE", "GDPR:US:dpf");
        regions.startAll();
    }

    @AfterAll
    static void stopRegions() {
        if (regions != null) {
            regions.close();
        }
    }

    private static UUID create(Regions.Region region, String token, String kind, String title, List<String> members) {
        Map<String, Object> body = title == null
                ? Map.of("kind", kind, "members", members)
                : Map.of("kind", kind, "title", title, "members", members);
        return UUID.fromString(Api.on(region.port, token)
                .body(body)
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    private static JsonNode messageOf(WsClient ws, UUID conversation, long seq) {
        return ws.await(f -> "message".equals(f.path("type").asText())
                && conversation.toString().equals(f.path("conversation").asText())
                && f.path("seq").asLong() == seq);
    }

    @Test
    @Order(1)
    void erasingAGermanUserRemovesHerTextFromTheAmericanReplicaWithItsSignedReceipt() throws Exception {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = de.register(alice);
        String bobToken = us.register(bob);
        UUID conversation = create(de, aliceToken, "group", "Plans", List.of(bob));
        try (WsClient aliceWs = de.open(aliceToken)) {
            assertEquals(
                    1,
                    send(aliceWs, conversation, "my address is Hauptstr. 1")
                            .path("seq")
                            .asLong());
        }
        List<String> before = List.of("1:" + alice + ":my address is Hauptstr. 1:" + DE);
        assertEquals(before, eventually(() -> us.history(bobToken, conversation), before::equals));

        String request = Api.on(de.port, aliceToken)
                .body(Map.of("type", "erasure"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        // The American copy was sealed under the US region's key for Alice: the US shreds it, and her text is gone.
        List<String> after = List.of("1:null:null:null");
        assertEquals(after, eventually(() -> us.history(bobToken, conversation), after::equals));
        assertEquals(
                Boolean.TRUE,
                Api.on(us.port, bobToken)
                        .get("/v1/conversations/" + conversation + "/messages")
                        .jsonPath()
                        .get("messages[0].erased"));
        Object liveKeys = us.rows("SELECT count(*) FROM data_key WHERE user_id = ? AND destroyed_at IS NULL", alice)
                .get(0)
                .get(0);
        assertEquals(0L, ((Number) liveKeys).longValue());

        // Germany holds the US region's signed receipt, verifiable with the key the US publishes.
        List<List<Object>> receipts = eventually(
                () -> de.rows(
                        "SELECT receipt::text FROM remote_erasure WHERE user_id = ? AND region = ?"
                                + " AND done_at IS NOT NULL",
                        alice,
                        US),
                found -> !found.isEmpty());
        assertEquals(1, receipts.size());
        ObjectMapper json = new ObjectMapper();
        JsonNode receipt = json.readTree((String) receipts.get(0).get(0));
        assertEquals(US, receipt.path("region").asText());
        String usKey = Api.on(us.port, bobToken)
                .get("/v1/keys/receipt-signing-key")
                .jsonPath()
                .getString("publicKey");
        assertTrue(
                ReceiptSigner.verify(
                        usKey,
                        receipt.path("payload").asText(),
                        receipt.path("signature").asText()),
                receipt.toString());
        JsonNode statement = json.readTree(receipt.path("payload").asText());
        assertEquals(US, statement.path("region").asText());
        assertTrue(statement.path("keyIds").size() >= 1, statement.toString());

        // The privacy officer sees the completed request with every region's receipt, Germany's first.
        List<Map<String, Object>> all = Api.on(de.port, de.staff("privacy-officer"))
                .get("/v1/admin/requests/" + request)
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .extract()
                .jsonPath()
                .getList("receipts");
        assertEquals(List.of(DE, US), all.stream().map(r -> r.get("region")).toList(), all.toString());
        assertEquals(receipt.path("signature").asText(), all.get(1).get("signature"));
        assertTrue(String.valueOf(all.get(0).get("payload")).contains(DE), all.toString());
    }

    @Test
    @Order(2)
    void aGermanAndAnAmericanTalkAcrossRegionsWithTheSameSeqsInBoth() {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = de.register(alice);
        String bobToken = us.register(bob);
        long germanUsersBefore = de.routeTotal("GDPR", US, "users");
        long germanMessagesBefore = de.routeTotal("GDPR", US, "messages");
        long americanMessagesBefore = us.routeTotal("US", DE, "messages");

        // A user no region knows.
        Api.on(de.port, aliceToken)
                .body(Map.of("kind", "direct", "members", List.of(Tokens.newUserId("nobody"))))
                .post("/v1/conversations")
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown_user"));

        UUID conversation = create(de, aliceToken, "direct", null, List.of(bob));

        // The replica appears in the US for Bob.
        List<String> bobsConversations =
                eventually(() -> us.conversations(bobToken), ids -> ids.contains(conversation.toString()));
        assertTrue(bobsConversations.contains(conversation.toString()), bobsConversations.toString());

        try (WsClient aliceWs = de.open(aliceToken);
                WsClient bobWs = us.open(bobToken)) {
            JsonNode first = send(aliceWs, conversation, "Hallo Bob");
            assertEquals("ack", first.path("type").asText(), first.toString());
            assertEquals(1, first.path("seq").asLong());
            JsonNode toBob = messageOf(bobWs, conversation, 1);
            assertEquals("Hallo Bob", toBob.path("text").asText());
            assertEquals(alice, toBob.path("sender").asText());
            assertEquals(DE, toBob.path("senderRegion").asText());

            JsonNode reply = send(bobWs, conversation, "Hi Alice");
            assertEquals("ack", reply.path("type").asText(), reply.toString());
            assertEquals(2, reply.path("seq").asLong());
            JsonNode toAlice = messageOf(aliceWs, conversation, 2);
            assertEquals("Hi Alice", toAlice.path("text").asText());
            assertEquals(bob, toAlice.path("sender").asText());
            assertEquals(US, toAlice.path("senderRegion").asText());
            assertTrue(aliceWs.drain("message", Duration.ofMillis(300)).isEmpty(), "Alice's own message is not echoed");

            // Read positions travel both ways: Bob's through the host, Alice's from the host to the replica.
            bobWs.send(WsClient.frame("read", "r1")
                    .put("conversation", conversation.toString())
                    .put("seq", 2));
            assertEquals("ack", bobWs.awaitRef("r1").path("type").asText());
            JsonNode bobRead =
                    aliceWs.await(f -> "receipt".equals(f.path("type").asText()));
            assertEquals(bob, bobRead.path("user").asText());
            assertEquals(2, bobRead.path("readSeq").asLong());
            aliceWs.send(WsClient.frame("read", "r2")
                    .put("conversation", conversation.toString())
                    .put("seq", 2));
            assertEquals("ack", aliceWs.awaitRef("r2").path("type").asText());
            JsonNode aliceRead =
                    bobWs.await(f -> "receipt".equals(f.path("type").asText())
                            && alice.equals(f.path("user").asText()));
            assertEquals(2, aliceRead.path("readSeq").asLong());
        }
        assertEquals(
                2L,
                ((Number) de.rows(
                                        "SELECT read_seq FROM member WHERE conversation_id = ? AND user_id = ?",
                                        conversation,
                                        bob)
                                .get(0)
                                .get(0))
                        .longValue());

        // The same seqs and texts in both regions; each names the region of members from the other.
        List<String> inGermany = List.of("1:" + alice + ":Hallo Bob:null", "2:" + bob + ":Hi Alice:" + US);
        List<String> inTheUs = List.of("1:" + alice + ":Hallo Bob:" + DE, "2:" + bob + ":Hi Alice:null");
        assertEquals(inGermany, de.history(aliceToken, conversation));
        assertEquals(inTheUs, eventually(() -> us.history(bobToken, conversation), inTheUs::equals));

        // Bob deletes his own message in his region: the host deletes it, and every region shows it removed.
        Api.on(us.port, bobToken)
                .delete("/v1/conversations/" + conversation + "/messages/2")
                .then()
                .statusCode(204);
        List<String> removed = List.of("1:" + alice + ":Hallo Bob:null", "2:" + bob + ":null:" + US);
        assertEquals(removed, de.history(aliceToken, conversation));
        assertEquals(
                Boolean.TRUE,
                Api.on(de.port, aliceToken)
                        .get("/v1/conversations/" + conversation + "/messages")
                        .jsonPath()
                        .get("messages[1].removed"));
        List<String> removedInTheUs = List.of("1:" + alice + ":Hallo Bob:" + DE, "2:" + bob + ":null:null");
        assertEquals(removedInTheUs, us.history(bobToken, conversation));
        inGermany = removed;
        inTheUs = removedInTheUs;

        // The other way round: a group hosted in the US, with a German member who sends through her own region.
        UUID hostedInUs = create(us, bobToken, "group", "Road trip", List.of(alice));
        eventually(() -> de.conversations(aliceToken), ids -> ids.contains(hostedInUs.toString()));
        try (WsClient aliceWs = de.open(aliceToken);
                WsClient bobWs = us.open(bobToken)) {
            assertEquals(
                    1, send(aliceWs, hostedInUs, "Ich bin dabei").path("seq").asLong());
            JsonNode toBob = messageOf(bobWs, hostedInUs, 1);
            assertEquals("Ich bin dabei", toBob.path("text").asText());
            assertEquals(DE, toBob.path("senderRegion").asText());
            assertEquals(2, send(bobWs, hostedInUs, "Great").path("seq").asLong());
            assertEquals("Great", messageOf(aliceWs, hostedInUs, 2).path("text").asText());
        }
        List<String> hostUs = List.of("1:" + alice + ":Ich bin dabei:" + DE, "2:" + bob + ":Great:null");
        List<String> replicaDe = List.of("1:" + alice + ":Ich bin dabei:null", "2:" + bob + ":Great:" + US);
        assertEquals(hostUs, us.history(bobToken, hostedInUs));
        assertEquals(replicaDe, eventually(() -> de.history(aliceToken, hostedInUs), replicaDe::equals));

        // Alice reports Bob's message in the group the US hosts: the report reaches the American moderators, who
        // see the message; their removal reaches the German replica. Both regions audit the hand-over.
        String report = Api.on(de.port, aliceToken)
                .body(Map.of("conversation", hostedInUs.toString(), "seq", 2, "reason", "spam"))
                .post("/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String moderator = us.staff("moderator");
        io.restassured.response.Response detail = eventually(
                () -> Api.on(us.port, moderator).get("/v1/admin/reports/" + report),
                found -> found.statusCode() == 200);
        assertEquals(200, detail.statusCode(), detail.asString());
        assertEquals(alice, detail.jsonPath().getString("report.reporter"));
        assertEquals(bob, detail.jsonPath().getString("report.reportedUser"));
        assertEquals("Great", detail.jsonPath().getString("content.text"));
        Api.on(us.port, moderator)
                .body(Map.of("action", "remove_message", "note", "spam"))
                .post("/v1/admin/reports/" + report + "/decision")
                .then()
                .statusCode(200);
        List<String> moderated = List.of("1:" + alice + ":Ich bin dabei:null", "2:" + bob + ":null:" + US);
        assertEquals(moderated, eventually(() -> de.history(aliceToken, hostedInUs), moderated::equals));
        assertTrue(Api.on(de.port, de.staff("admin"))
                .get("/v1/admin/audit?subject=" + alice)
                .jsonPath()
                .getList("action")
                .contains("report.forwarded"));
        assertTrue(Api.on(us.port, us.staff("admin"))
                .get("/v1/admin/audit?subject=" + alice)
                .jsonPath()
                .getList("action")
                .contains("report.received"));

        // The replica region is down: the host still commits and acks; the replica catches up when it is back,
        // without a gap or a duplicate.
        us.kill();
        List<String> whileDown = new ArrayList<>(inTheUs);
        List<String> hostAfter = new ArrayList<>(inGermany);
        try (WsClient aliceWs = de.open(aliceToken)) {
            for (int i = 3; i <= 5; i++) {
                JsonNode ack = send(aliceWs, conversation, "message " + i);
                assertEquals(i, ack.path("seq").asLong(), ack.toString());
                whileDown.add(i + ":" + alice + ":message " + i + ":" + DE);
                hostAfter.add(i + ":" + alice + ":message " + i + ":null");
            }
        }
        us.start();
        assertEquals(whileDown, eventually(() -> us.history(bobToken, conversation), whileDown::equals));

        // Bob's sends go to the host: with the host down, nothing is acked and the error says to retry.
        de.kill();
        try (WsClient bobWs = us.open(bobToken)) {
            JsonNode refused = send(bobWs, conversation, "anyone there?");
            assertEquals("error", refused.path("type").asText(), refused.toString());
            assertEquals("internal", refused.path("code").asText());
            assertTrue(refused.path("retryable").asBoolean(), refused.toString());
        }
        de.env.remove("CHARTER_TRANSFERS_IN_PLACE");
        de.start();
        assertEquals(hostAfter, de.history(aliceToken, conversation));

        // The transfer register of each region: the route, its mechanism, its users and messages; its first use
        // audited.
        Map<String, Object> gdprToUs = only(de.transfers(), "GDPR", US);
        assertEquals("dpf", gdprToUs.get("mechanism"));
        assertTrue(String.valueOf(gdprToUs.get("source")).contains("2023/1795"), gdprToUs.toString());
        assertEquals(germanUsersBefore + 1, ((Number) gdprToUs.get("users")).longValue(), gdprToUs.toString());
        assertEquals(germanMessagesBefore + 5, ((Number) gdprToUs.get("messages")).longValue(), gdprToUs.toString());
        Map<String, Object> usToGermany = only(us.transfers(), "US", DE);
        assertEquals("unrestricted", usToGermany.get("mechanism"));
        // Bob's "Hi Alice" (sent to the German host) and "Great" (shipped to the German replica).
        assertEquals(
                americanMessagesBefore + 2, ((Number) usToGermany.get("messages")).longValue(), usToGermany.toString());
        List<Map<String, Object>> audited = Api.on(de.port, de.staff("admin"))
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

        // Alice's export says where her data went, under which mechanism (GDPR Art. 15(2)).
        String access = Api.on(de.port, aliceToken)
                .body(Map.of("type", "access"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        List<Map<String, Object>> transfers = eventually(
                () -> Api.on(de.port, aliceToken)
                        .get("/v1/me/requests/" + access + "/export")
                        .jsonPath()
                        .getList("transfers"),
                list -> list != null && !list.isEmpty());
        Map<String, Object> mine = only(transfers, "GDPR", US);
        assertEquals("dpf", mine.get("mechanism"));
        assertEquals(5, ((Number) mine.get("messages")).intValue(), mine.toString());

        // Without a declared mechanism, a German user's data may not go to the United States: nothing is created.
        int conversationsBefore = de.conversations(aliceToken).size();
        Api.on(de.port, aliceToken)
                .body(Map.of("kind", "group", "title", "Transatlantic", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(422)
                .body("code", equalTo("transfer_not_permitted"))
                .body("detail", containsString(alice))
                .body("detail", containsString("GDPR"))
                .body("refused[0].toRegion", equalTo(US));
        assertEquals(conversationsBefore, de.conversations(aliceToken).size());
    }

    /**
     * The host killed while its member sends as fast as acks come back and the replica's member reads along:
     * after the restart every acked message is there once, in both regions, and nothing else is.
     */
    @Test
    @Order(3)
    void theHostKilledMidTrafficLosesNothingAckedAndTheReplicaCatchesUp() throws Exception {
        de.env.put("CHARTER_TRANSFERS_IN_PLACE", "GDPR:US:dpf");
        de.kill();
        de.start();
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = de.register(alice);
        String bobToken = us.register(bob);
        UUID conversation = create(de, aliceToken, "direct", null, List.of(bob));
        eventually(() -> us.conversations(bobToken), ids -> ids.contains(conversation.toString()));

        List<String> acked = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread sender = new Thread(() -> {
            try (WsClient aliceWs = de.open(aliceToken)) {
                for (int i = 1; !stop.get(); i++) {
                    String ref = "s" + i;
                    aliceWs.send(WsClient.frame("send", ref)
                            .put("conversation", conversation.toString())
                            .put("clientMsgId", UUID.randomUUID().toString())
                            .put("text", "n" + i));
                    JsonNode answer = aliceWs.awaitRef(ref);
                    if ("ack".equals(answer.path("type").asText())) {
                        acked.add(answer.path("seq").asLong() + ":n" + i);
                    }
                }
            } catch (AssertionError | RuntimeException e) {
                // the host went away under the client: expected
            }
        });
        sender.start();
        eventually(() -> acked.size(), n -> n >= 20);
        de.kill();
        stop.set(true);
        sender.join(30_000);
        de.start();

        List<String> ackedThen = new ArrayList<>(acked);
        assertTrue(ackedThen.size() >= 20, ackedThen.toString());
        List<String> atHost = de.history(aliceToken, conversation).stream()
                .map(m -> m.split(":")[0] + ":" + m.split(":")[2])
                .toList();
        // Every acked message is stored, with its seq; seqs run 1..n without a gap or a duplicate.
        assertTrue(
                atHost.containsAll(ackedThen),
                "lost: " + ackedThen.stream().filter(a -> !atHost.contains(a)).toList());
        for (int i = 0; i < atHost.size(); i++) {
            assertEquals(String.valueOf(i + 1), atHost.get(i).split(":")[0], atHost.toString());
        }
        List<String> atReplica = eventually(
                () -> us.history(bobToken, conversation).stream()
                        .map(m -> m.split(":")[0] + ":" + m.split(":")[2])
                        .toList(),
                atHost::equals);
        assertEquals(atHost, atReplica);
    }

    /** What a stranger or a replay gets from a packaged region: 401, and nothing written. */
    @Test
    @Order(4)
    void aForgedOrReplayedRegionRequestIsRefused() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String body = "{\"conversations\":[]}";
        java.net.URI target = java.net.URI.create("http://127.0.0.1:" + us.port + "/v1/federation/replicate");
        // Unsigned.
        assertEquals(
                401,
                http.send(
                                java.net.http.HttpRequest.newBuilder(target)
                                        .header("Content-Type", "application/json")
                                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .statusCode());
        // Signed by a key the US does not pin for Germany.
        PeerSigner forger = new PeerSigner(
                DE,
                java.security.KeyPairGenerator.getInstance("Ed25519")
                        .generateKeyPair()
                        .getPrivate(),
                java.time.Clock.systemUTC());
        assertEquals(401, signedPost(http, target, forger, body).statusCode());
        // Germany's own signature, sent twice: the second is a replay.
        PeerSigner germany = new PeerSigner(DE, de.key.getPrivate(), java.time.Clock.systemUTC());
        Map<String, String> headers = germany.sign(
                US, "POST", "/v1/federation/replicate", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, post(http, target, headers, body).statusCode());
        assertEquals(401, post(http, target, headers, body).statusCode());
    }

    private static java.net.http.HttpResponse<String> signedPost(
            java.net.http.HttpClient http, java.net.URI target, PeerSigner signer, String body) throws Exception {
        return post(
                http,
                target,
                signer.sign(US, "POST", target.getRawPath(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                body);
    }

    private static java.net.http.HttpResponse<String> post(
            java.net.http.HttpClient http, java.net.URI target, Map<String, String> headers, String body)
            throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(target)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
