package dev.charter.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * Audit events appended through a Hibernate Reactive session (features on Panache) extend the same chain as
 * those appended through a Vert.x connection, and go or stay with the session's transaction.
 */
@QuarkusTest
public class AuditSessionTest {

    @Inject
    AuditLog audit;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Vertx vertx;

    /** Runs the work on a Vert.x context, as a request would: Hibernate Reactive sessions live there. */
    private <T> T onContext(Supplier<Uni<? extends T>> work) {
        Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
        Executor executor = command -> context.runOnContext(ignored -> command.run());
        return Uni.createFrom()
                .<T>deferred(work)
                .runSubscriptionOn(executor)
                .await()
                .atMost(Duration.ofSeconds(20));
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

    @Test
    void sessionAndConnectionAppendsMakeOneChain() throws Exception {
        String subject = Tokens.newUserId("session-subject");
        onContext(() -> sessions.withTransaction(session -> audit.record(
                session,
                "session-test",
                "test.session",
                subject,
                Map.of("n", 1, "nested", Map.of("b", true, "list", List.of("x", "y"))))));
        onContext(() -> audit.record("session-test", "test.connection", subject, Map.of("n", 2)));
        onContext(() ->
                sessions.withTransaction(session -> audit.record(session, "session-test", "test.session", subject, null)
                        .chain(() -> audit.record(session, "session-test", "test.session", null, Map.of("n", 3)))));

        List<List<Object>> events = Db.rows(
                "SELECT seq, action, subject, prev_hash, hash FROM audit_event "
                        + "WHERE actor = 'session-test' AND (subject = ? OR subject IS NULL) ORDER BY seq",
                subject);
        assertEquals(
                List.of("test.session", "test.connection", "test.session", "test.session"),
                events.stream().map(e -> e.get(1)).toList());
        for (int i = 1; i < events.size(); i++) {
            assertEquals(
                    ((Number) events.get(i - 1).get(0)).longValue() + 1,
                    ((Number) events.get(i).get(0)).longValue(),
                    "consecutive seqs");
            assertEquals(events.get(i - 1).get(4), events.get(i).get(3), "each links to the one before");
        }
        JsonNode result = verify();
        assertTrue(result.path("valid").asBoolean(), result.toString());
        assertEquals(
                Db.rows("SELECT hash FROM audit_head").get(0).get(0),
                result.path("head").asText());
    }

    @Test
    void anEventAppendedInARolledBackTransactionIsGoneAndTheHeadUnmoved() throws Exception {
        String subject = Tokens.newUserId("rolled-back");
        assertThrows(
                IllegalStateException.class,
                () -> onContext(() -> sessions.withTransaction(
                        session -> audit.record(session, "session-test", "test.rolled_back", subject, Map.of())
                                .chain(() -> Uni.createFrom()
                                        .failure(new IllegalStateException("the entity change failed"))))));

        assertEquals(0, Db.count("SELECT count(*) FROM audit_event WHERE subject = ?", subject));
        assertEquals(
                Db.count("SELECT max(seq) FROM audit_event"),
                Db.count("SELECT seq FROM audit_head"),
                "the head is the last event");
        assertTrue(verify().path("valid").asBoolean());
    }
}
