package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.ledger.LedgerSink;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.PgDump;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class CryptoShreddingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Response destroy(Map<String, Object> body) {
        return Api.as(Tokens.withRoles(Tokens.newUserId("admin"), "user", "admin"))
                .body(body)
                .post("/v1/admin/keys/destroy");
    }

    @Test
    void erasedAuthorsMessagesShowAsErasedAndOthersStayReadable() {
        Pair p = Pair.create();
        Chat.send(p.aliceToken(), p.conversation(), "from alice 1", "from alice 2");
        Chat.send(p.bobToken(), p.conversation(), "from bob");

        destroy(Map.of("user", p.alice())).then().statusCode(200);

        List<JsonNode> history = Chat.history(p.bobToken(), p.conversation());
        assertEquals(3, history.size());
        for (JsonNode m : history.subList(0, 2)) {
            assertTrue(m.path("erased").asBoolean(), m.toString());
            assertTrue(m.path("text").isMissingNode(), m.toString());
            assertTrue(m.path("sender").isNull(), m.toString());
        }
        assertEquals("from bob", history.get(2).path("text").asText());
        assertEquals(
                0, Db.count("SELECT count(*) FROM data_key WHERE user_id = ? AND wrapped_key IS NOT NULL", p.alice()));
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM audit_event WHERE action = 'keys.destroyed' AND subject = ?"
                                + " AND details->>'scope' = 'user'",
                        p.alice()),
                "operator-initiated shredding is audited");
    }

    @Test
    void deletionReceiptIsSignedAndVerifiesWithThePublishedKey() throws Exception {
        Pair p = Pair.create();
        Chat.send(p.aliceToken(), p.conversation(), "to be erased");
        String keyId = Db.rows("SELECT key_id FROM data_key WHERE user_id = ?", p.alice())
                .get(0)
                .get(0)
                .toString();

        JsonNode receipt = JSON.readTree(destroy(Map.of("user", p.alice()))
                .then()
                .statusCode(200)
                .extract()
                .asString());
        JsonNode published = JSON.readTree(RestAssured.get("/v1/keys/receipt-signing-key")
                .then()
                .statusCode(200)
                .extract()
                .asString());

        String payload = receipt.path("payload").asText();
        assertTrue(ReceiptSigner.verify(
                published.path("publicKey").asText(),
                payload,
                receipt.path("signature").asText()));
        assertFalse(
                ReceiptSigner.verify(
                        published.path("publicKey").asText(),
                        payload.replace("user", "usr"),
                        receipt.path("signature").asText()),
                "an altered receipt must not verify");
        JsonNode statement = JSON.readTree(payload);
        assertEquals("charter.deletion-receipt.v1", statement.path("type").asText());
        assertEquals(
                CryptoShredder.subjectDigest(p.alice()),
                statement.path("subject").asText());
        assertEquals(keyId, statement.path("keyIds").get(0).asText());
        assertFalse(payload.contains(p.alice()), "receipts carry opaque ids only");

        // The same entry is in the external sink, hash-chained, and in the database copy.
        String sink = Files.readString(
                Path.of(System.getenv().getOrDefault("CHARTER_LEDGER_DIR", "target/test-ledger"), LedgerSink.FILE));
        assertTrue(sink.contains(keyId));
        assertFalse(sink.contains(p.alice()));
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM shred_ledger WHERE position = ?",
                        statement.path("ledgerPosition").asLong()));
    }

    @Test
    void aDumpOfTheDatabaseNeverContainsPlaintextBeforeOrAfterErasure() throws Exception {
        Pair p = Pair.create();
        String canary = "canary-" + UUID.randomUUID();
        Chat.send(p.aliceToken(), p.conversation(), canary);
        assertNoCanary(canary, Files.createTempFile("charter-dump-before", ".sql"));
        destroy(Map.of("user", p.alice())).then().statusCode(200);
        assertNoCanary(canary, Files.createTempFile("charter-dump-after", ".sql"));
    }

    private static void assertNoCanary(String canary, Path file) {
        try {
            String dump = new String(PgDump.read(PgDump.dump(PgDump.currentDatabase(), file)), StandardCharsets.UTF_8);
            assertTrue(dump.contains("data_key"), "the dump holds the schema");
            assertFalse(dump.contains(canary), "plaintext canary in the dump");
            // bytea columns are dumped as hex: the plaintext must not appear that way either.
            assertFalse(
                    dump.contains(HexFormat.of().formatHex(canary.getBytes(StandardCharsets.UTF_8))),
                    "hex-encoded canary in the dump");
        } finally {
            file.toFile().delete();
        }
    }

    @Test
    void steadyStateMakesNoKeyProviderCallsPerMessage() {
        Pair p = Pair.create();
        Chat.send(p.aliceToken(), p.conversation(), "warm up");
        Chat.history(p.bobToken(), p.conversation());
        double before = kmsCalls();
        Chat.send(Chat.port(), p.aliceToken(), p.conversation(), java.util.Collections.nCopies(50, "steady"));
        Chat.history(p.bobToken(), p.conversation());
        assertEquals(before, kmsCalls(), "50 sends and a history read with warm keys call the provider");
    }

    static double kmsCalls() {
        String metrics = dev.charter.testsupport.Management.metrics();
        return metrics.lines()
                .filter(l -> l.startsWith("charter_kms_calls_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void keyAdministrationNeedsTheAdminRole() {
        String user = Tokens.newUserId("mallory");
        Api.register(user);
        Api.as(Tokens.user(user))
                .post("/v1/admin/keys/rotate")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.equalTo("forbidden"));
        Api.as(Tokens.user(user))
                .body(Map.of("user", user))
                .post("/v1/admin/keys/destroy")
                .then()
                .statusCode(403);
        destroy(Map.of("user", "x", "beforeEpoch", 202401))
                .then()
                .statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("invalid_request"));
    }

    @Test
    void retentionDestroysOnlyOlderMonthsAndShowsThemUnreadable() {
        Pair p = Pair.create();
        Chat.send(p.aliceToken(), p.conversation(), "this month");
        // A key of an old month, as if the author had written back then.
        Db.execute(
                "INSERT INTO data_key (user_id, epoch, version, key_id, wrapped_key, provider, key_ref) "
                        + "VALUES (?, 200001, 1, ?, '\\x00'::bytea, 'local', 'local:v1')",
                p.alice(),
                UUID.randomUUID());
        destroy(Map.of("beforeEpoch", 200002)).then().statusCode(200);
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM data_key WHERE user_id = ? AND epoch = 200001 "
                                + "AND destroyed_reason = 'retention'",
                        p.alice()));
        assertEquals(
                "this month",
                Chat.history(p.bobToken(), p.conversation()).get(0).path("text").asText());
    }
}
