package dev.charter.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class AuditTest {

    private static String officer() {
        return Tokens.withRoles(Tokens.newUserId("officer"), "privacy-officer");
    }

    private static JsonNode verify() throws Exception {
        return new ObjectMapper()
                .readTree(Api.as(Tokens.withRoles(Tokens.newUserId("admin"), "admin"))
                        .get("/v1/admin/audit/verify")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
    }

    /** Appends one audit event (reading the log is audited) and returns its seq. */
    private static long appendOne(String token, String subject) {
        Api.as(token)
                .queryParam("subject", subject)
                .get("/v1/admin/audit")
                .then()
                .statusCode(200);
        return ((Number)
                        Db.rows("SELECT max(seq) FROM audit_event WHERE action = 'audit.read' AND subject = ?", subject)
                                .get(0)
                                .get(0))
                .longValue();
    }

    @Test
    void chainIsValidAndNamesItsHead() throws Exception {
        appendOne(officer(), Tokens.newUserId("subject"));
        JsonNode result = verify();
        assertTrue(result.path("valid").asBoolean(), result.toString());
        assertTrue(result.path("events").asLong() >= 2, "start-up config event plus the read");
        String head = (String) Db.rows("SELECT hash FROM audit_head").get(0).get(0);
        assertTrue(result.path("head").asText().matches("[0-9a-f]{64}"));
        assertEquals(
                Db.count("SELECT count(*) FROM audit_event"),
                result.path("events").asLong());
        assertEquals(head, result.path("head").asText(), "the head is the last event's hash");
    }

    @Test
    void startUpRecordsTheEffectiveConfigurationHash() {
        List<List<Object>> rows = Db.rows("SELECT details->>'configHash' FROM audit_event"
                + " WHERE action = 'config.loaded' ORDER BY seq DESC LIMIT 1");
        assertEquals(1, rows.size());
        assertTrue(((String) rows.get(0).get(0)).matches("[0-9a-f]{64}"));
        assertEquals(
                0,
                Db.count(
                        "SELECT count(*) FROM audit_event WHERE details::text LIKE ?",
                        "%q9Zp0l7hX3m8cT1vR4yB6nW2sJ5kD0fG7aH9eL3uQ1o=%"),
                "no secret is recorded");
    }

    @Test
    void theApplicationsDatabaseRoleCannotUpdateOrDeleteAuditRows() {
        long seq = appendOne(officer(), Tokens.newUserId("subject"));
        assertThrows(
                IllegalStateException.class,
                () -> Db.execute("UPDATE audit_event SET actor = 'someone-else' WHERE seq = ?", seq));
        assertThrows(IllegalStateException.class, () -> Db.execute("DELETE FROM audit_event WHERE seq = ?", seq));
        assertThrows(IllegalStateException.class, () -> Db.execute("TRUNCATE audit_event"));
        assertEquals(1, Db.count("SELECT count(*) FROM audit_event WHERE seq = ? AND actor <> 'someone-else'", seq));
    }

    /**
     * The append-only trigger stops the application; here the table's owner deliberately switches it off
     * (ALTER TABLE ... DISABLE TRIGGER, inside one transaction so no one else runs without it) to play an
     * attacker with database access. The row is put back afterwards so the chain is valid for later tests.
     */
    @Test
    void aRowAlteredDirectlyInPostgresIsDetectedAtItsExactSeq() throws Exception {
        String token = officer();
        appendOne(token, Tokens.newUserId("before"));
        long target = appendOne(token, Tokens.newUserId("target"));
        appendOne(token, Tokens.newUserId("after"));
        String original = (String) Db.rows("SELECT details::text FROM audit_event WHERE seq = ?", target)
                .get(0)
                .get(0);
        try {
            tamper("UPDATE audit_event SET details = jsonb_set(details, '{returned}', '999') WHERE seq = " + target);
            JsonNode result = verify();
            assertEquals(false, result.path("valid").asBoolean(), result.toString());
            assertEquals(target, result.path("brokenAt").asLong());
        } finally {
            tamper("UPDATE audit_event SET details = '" + original.replace("'", "''") + "'::jsonb WHERE seq = "
                    + target);
        }
        assertTrue(verify().path("valid").asBoolean(), "restoring the row restores the chain");
    }

    private static void tamper(String update) throws Exception {
        try (Connection conn = Db.connect();
                Statement st = conn.createStatement()) {
            conn.setAutoCommit(false);
            st.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
            st.execute(update);
            st.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only");
            conn.commit();
        }
    }

    @Test
    void eightParallelWritersKeepOneValidChain() throws Exception {
        String subject = Tokens.newUserId("parallel");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                String token = officer();
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        Api.as(token)
                                .queryParam("subject", subject)
                                .get("/v1/admin/audit")
                                .then()
                                .statusCode(200);
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(80, Db.count("SELECT count(*) FROM audit_event WHERE subject = ?", subject));
        assertEquals(0, Db.count("SELECT count(*) - count(DISTINCT prev_hash) FROM audit_event"), "no fork");
        assertEquals(
                0,
                Db.count("SELECT count(*) FROM audit_event e WHERE e.seq > 1 AND e.prev_hash <>"
                        + " (SELECT p.hash FROM audit_event p WHERE p.seq = e.seq - 1)"),
                "each links to its predecessor");
        assertTrue(verify().path("valid").asBoolean());
    }

    @Test
    void readingTheLogIsItselfAudited() {
        String officerId = Tokens.newUserId("officer");
        String token = Tokens.withRoles(officerId, "privacy-officer");
        String subject = Tokens.newUserId("alice");
        Api.as(token)
                .queryParam("subject", subject)
                .get("/v1/admin/audit")
                .then()
                .statusCode(200);
        Api.as(token)
                .queryParam("actor", officerId)
                .get("/v1/admin/audit")
                .then()
                .statusCode(200)
                .body("action", hasItem("audit.read"))
                .body("[0].actor", equalTo(officerId))
                .body("[0].subject", equalTo(subject))
                .body("[0].details.subject", equalTo(subject));
        Response filtered = Api.as(token)
                .queryParam("subject", subject)
                .queryParam("after", "2000-01-01T00:00:00Z")
                .get("/v1/admin/audit");
        filtered.then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].seq", org.hamcrest.Matchers.notNullValue())
                .body("[0].at", org.hamcrest.Matchers.endsWith("Z"));
    }

    @Test
    void aFullPageNamesTheNextOneAndTheNextOneContinuesTheFilter() {
        String officerId = Tokens.newUserId("officer");
        String officer = Tokens.withRoles(officerId, "privacy-officer");
        String subject = Tokens.newUserId("paged-subject");
        for (int i = 0; i < 3; i++) {
            Api.as(officer).get("/v1/admin/audit?subject=" + subject).then().statusCode(200);
        }
        Response first = Api.as(officer).get("/v1/admin/audit?actor=" + officerId + "&limit=2");
        first.then().statusCode(200);
        List<Integer> seqs = new ArrayList<>(first.jsonPath().getList("seq"));
        String link = first.header("Link");
        var next = java.util.regex.Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(link);
        assertTrue(next.matches(), link);
        assertTrue(next.group(1).contains("actor="), link);
        Response second = Api.as(officer).get(next.group(1));
        seqs.addAll(second.jsonPath().getList("seq"));
        assertEquals(seqs.stream().distinct().sorted().toList(), seqs, "ascending, no repeats: " + seqs);
        assertTrue(seqs.size() >= 3, seqs.toString());
        assertEquals(
                List.of(officerId),
                second.jsonPath().getList("actor").stream().distinct().toList());
    }

    @Test
    void onlyThePrivacyOfficerAndAdminsSeeTheLog() {
        for (String token : List.of(
                Tokens.user(Tokens.newUserId("user")), Tokens.withRoles(Tokens.newUserId("mod"), "moderator"))) {
            Api.as(token)
                    .get("/v1/admin/audit")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("code", equalTo("forbidden"));
            Api.as(token).get("/v1/admin/audit/verify").then().statusCode(403).body("code", equalTo("forbidden"));
            Api.as(token).post("/v1/admin/audit/checkpoints").then().statusCode(403);
        }
        Api.as(Tokens.withRoles(Tokens.newUserId("admin"), "admin"))
                .get("/v1/admin/audit")
                .then()
                .statusCode(200);
        io.restassured.RestAssured.get("/v1/admin/audit").then().statusCode(401);
    }

    @Test
    void aCheckpointWritesTheNewEventsAndTheSignedHeadToTheLedger() throws Exception {
        String token = officer();
        appendOne(token, Tokens.newUserId("checkpointed"));
        JsonNode checkpoint = new ObjectMapper()
                .readTree(Api.as(token)
                        .post("/v1/admin/audit/checkpoints")
                        .then()
                        .statusCode(201)
                        .extract()
                        .asString());
        Path file = ledgerDir().resolve("audit").resolve(checkpoint.path("file").asText());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper();
        JsonNode last = json.readTree(lines.get(lines.size() - 1));
        JsonNode lastEvent = json.readTree(lines.get(lines.size() - 2));
        assertEquals("checkpoint", last.path("type").asText());
        assertEquals(checkpoint.path("head").asText(), last.path("head").asText());
        assertEquals(lastEvent.path("hash").asText(), last.path("head").asText());
        assertEquals(checkpoint.path("uptoSeq").asLong(), lastEvent.path("seq").asLong());
        assertTrue(last.path("signature").asText().matches("[0-9a-f]{64}"));
        assertEquals(
                lines.size() - 1,
                checkpoint.path("uptoSeq").asLong() - checkpoint.path("fromSeq").asLong());
        for (int i = 1; i < lines.size() - 1; i++) {
            assertEquals(
                    json.readTree(lines.get(i - 1)).path("hash").asText(),
                    json.readTree(lines.get(i)).path("prevHash").asText(),
                    "the file holds a contiguous chain");
        }
    }

    private static Path ledgerDir() {
        String env = System.getenv("CHARTER_LEDGER_DIR");
        return Path.of(env != null ? env : ConfigProvider.getConfig().getValue("charter.ledger.dir", String.class));
    }
}
