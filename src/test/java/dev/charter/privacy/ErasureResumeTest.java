package dev.charter.privacy;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An erasure whose first run died after the keys were shredded is completed by the next run. */
@QuarkusTest
public class ErasureResumeTest {

    @Inject
    RightsRequestService requests;

    @Inject
    Vertx vertx;

    @Test
    void anErasureInterruptedAfterShreddingIsCompletedWithItsOriginalReceipt() throws Exception {
        Pair p = Pair.create("interrupted", "friend");
        Chat.send(p.aliceToken(), p.conversation(), "soon unreadable");

        // The first run: keys shredded, then the process died before anything else happened.
        String receipt = Api.as(Tokens.withRoles(Tokens.newUserId("admin"), "admin"))
                .body(Map.of("user", p.alice()))
                .post("/v1/admin/keys/destroy")
                .then()
                .statusCode(200)
                .extract()
                .path("payload");
        JsonNode firstShred = new ObjectMapper().readTree(receipt);
        UUID id = UUID.randomUUID();
        Db.execute(
                "INSERT INTO privacy_request (id, user_id, type, jurisdiction, status, received_at, due_at)"
                        + " VALUES (?::uuid, ?, 'erasure', 'GDPR', 'received', now() - interval '10 minutes',"
                        + " now() + interval '1 month')",
                id.toString(),
                p.alice());

        assertEquals(
                0,
                requests.resumeStalledErasures(Duration.ofMinutes(30)).await().atMost(Duration.ofSeconds(20)),
                "a request younger than the grace period may still be running: left alone");
        assertEquals(
                1, requests.resumeStalledErasures(Duration.ofMinutes(2)).await().atMost(Duration.ofSeconds(20)));

        Api.as(p.aliceToken()).get("/v1/conversations").then().statusCode(403).body("code", equalTo("erased"));
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM privacy_request WHERE id = ?::uuid AND status = 'completed'",
                        id.toString()));
        String stored =
                (String) Db.rows("SELECT receipt->>'payload' FROM privacy_request WHERE id = ?::uuid", id.toString())
                        .get(0)
                        .get(0);
        JsonNode completed = new ObjectMapper().readTree(stored);
        assertEquals(
                firstShred.path("ledgerPosition"),
                completed.path("ledgerPosition"),
                "the receipt is the one of the shred that really destroyed the keys");
        assertEquals(firstShred.path("keyIds"), completed.path("keyIds"));
        assertEquals(0, Db.count("SELECT count(*) FROM member WHERE user_id = ? AND left_at IS NULL", p.alice()));
        assertEquals(
                true,
                Chat.history(p.bobToken(), p.conversation())
                        .get(0)
                        .path("erased")
                        .asBoolean());

        assertEquals(
                0,
                requests.resumeStalledErasures(Duration.ofMinutes(2)).await().atMost(Duration.ofSeconds(20)),
                "nothing left to resume");
    }

    /**
     * The resumer runs on a timer, on an event loop that is no context a Hibernate Reactive session may use, and
     * where nothing may wait: the erasure still completes.
     */
    @Test
    void anErasureIsResumedFromATimerOnTheEventLoop() throws Exception {
        Pair p = Pair.create("timer", "friend");
        UUID id = UUID.randomUUID();
        Db.execute(
                "INSERT INTO privacy_request (id, user_id, type, jurisdiction, status, received_at, due_at)"
                        + " VALUES (?::uuid, ?, 'erasure', 'GDPR', 'received', now() - interval '10 minutes',"
                        + " now() + interval '1 month')",
                id.toString(),
                p.alice());

        CompletableFuture<Integer> resumed = new CompletableFuture<>();
        vertx.setTimer(
                1,
                timer -> requests.resumeStalledErasures(Duration.ofMinutes(2))
                        .subscribe()
                        .with(resumed::complete, resumed::completeExceptionally));

        assertTrue(resumed.get(20, TimeUnit.SECONDS) >= 1);
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM privacy_request WHERE id = ?::uuid AND status = 'completed'",
                        id.toString()));
        Api.as(p.aliceToken()).get("/v1/conversations").then().statusCode(403).body("code", equalTo("erased"));
    }
}
