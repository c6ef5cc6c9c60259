package dev.charter.privacy;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator re-enables an erased id: it may call again, and nothing erased comes back. */
@QuarkusTest
public class ReenableTest {

    private static String admin() {
        return Tokens.withRoles(Tokens.newUserId("admin"), "admin");
    }

    @Test
    void aReenabledIdStartsAfreshAndItsErasedMessagesStayErased() {
        Pair p = Pair.create("returning", "friend");
        Chat.send(p.aliceToken(), p.conversation(), "before erasure");
        Api.as(p.aliceToken())
                .body(Map.of("type", "erasure"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202);
        Api.as(p.aliceToken()).get("/v1/conversations").then().statusCode(403).body("code", equalTo("erased"));
        long ledgerBefore = Db.count("SELECT count(*) FROM shred_ledger");

        String path = "/v1/admin/users/" + p.alice() + "/reenable";
        Api.as(Tokens.user(Tokens.newUserId("nobody")))
                .body(Map.of("reason", "x"))
                .post(path)
                .then()
                .statusCode(403);
        Api.as(admin()).body(Map.of()).post(path).then().statusCode(400).body("code", equalTo("invalid_request"));
        Api.as(admin())
                .body(Map.of("reason", "x"))
                .post("/v1/admin/users/" + Tokens.newUserId("ghost") + "/reenable")
                .then()
                .statusCode(404);
        Api.as(admin())
                .body(Map.of("reason", "x"))
                .post("/v1/admin/users/" + p.bob() + "/reenable")
                .then()
                .statusCode(409)
                .body("code", equalTo("conflict"));

        String adminId = Tokens.newUserId("operator");
        Api.as(Tokens.withRoles(adminId, "admin"))
                .body(Map.of("reason", "IdP reassigned the id (ticket 42)"))
                .post(path)
                .then()
                .statusCode(204);

        Api.as(p.aliceToken()).get("/v1/conversations").then().statusCode(200).body("size()", equalTo(0));
        Api.as(p.aliceToken())
                .get("/v1/me/consents")
                .then()
                .statusCode(200)
                .body("find { it.purpose == 'analytics' }.status", equalTo("none"));
        assertEquals(
                p.conversation(), Api.direct(p.aliceToken(), p.bob()), "the direct pair is rejoined, not duplicated");
        Chat.send(p.aliceToken(), p.conversation(), "after re-enabling");
        List<JsonNode> history = Chat.history(p.bobToken(), p.conversation());
        assertEquals(2, history.size());
        assertTrue(history.get(0).path("erased").asBoolean(), "the old message stays erased");
        assertTrue(history.get(0).path("sender").isNull());
        assertTrue(history.get(0).path("text").isMissingNode());
        assertEquals("after re-enabling", history.get(1).path("text").asText(), "fresh keys for the same month");
        assertEquals(p.alice(), history.get(1).path("sender").asText());
        assertEquals(ledgerBefore, Db.count("SELECT count(*) FROM shred_ledger"), "the ledger is never rewritten");
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM audit_event WHERE action = 'user.reenabled' AND actor = ?"
                                + " AND subject = ? AND details->>'reason' = 'IdP reassigned the id (ticket 42)'",
                        adminId,
                        p.alice()));
    }
}
