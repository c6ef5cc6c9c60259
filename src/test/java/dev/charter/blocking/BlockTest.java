package dev.charter.blocking;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class BlockTest {

    private static void block(String token, String user) {
        Api.as(token).put("/v1/me/blocks/" + user).then().statusCode(204);
    }

    private static void unblock(String token, String user) {
        Api.as(token).delete("/v1/me/blocks/" + user).then().statusCode(204);
    }

    private static long storedMessages(UUID conversation) {
        return Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", conversation);
    }

    @Test
    void blocksAreListedAndUnblockingIsIdempotent() {
        String me = Api.register(Tokens.newUserId("me"));
        String bob = Tokens.newUserId("bob");
        String carol = Tokens.newUserId("carol");
        Api.register(bob);
        Api.register(carol);

        Api.as(me).get("/v1/me/blocks").then().statusCode(200).body("$", empty());
        block(me, bob);
        block(me, carol);
        block(me, bob);
        Api.as(me).get("/v1/me/blocks").then().statusCode(200).body("$", contains(bob, carol));
        unblock(me, bob);
        unblock(me, bob);
        Api.as(me).get("/v1/me/blocks").then().statusCode(200).body("$", contains(carol));
    }

    @Test
    void blockingYourselfOrSomeoneUnknownIsRefused() {
        String self = Tokens.newUserId("self");
        String token = Api.register(self);
        Api.as(token)
                .put("/v1/me/blocks/" + self)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("unprocessable"));
        Api.as(token)
                .put("/v1/me/blocks/" + Tokens.newUserId("ghost"))
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("unknown_user"));
        Api.as(token).get("/v1/me/blocks").then().body("$", empty());
    }

    @Test
    void aBlockedUsersSendIsRefusedAndNothingIsStoredUntilUnblocked() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            // A first send warms every cache of the fast path, which the block must then override.
            alice.send(Frames.send("before", p.conversation(), "hello"));
            assertEquals("ack", alice.awaitRef("before").path("type").asText());
            assertEquals("hello", bob.awaitType("message").path("text").asText());

            block(p.bobToken(), p.alice());
            alice.send(Frames.send("after", p.conversation(), "still there?"));
            JsonNode error = alice.awaitRef("after");
            assertEquals("error", error.path("type").asText(), error.toString());
            assertEquals("blocked", error.path("code").asText(), error.toString());
            assertEquals(1, storedMessages(p.conversation()));
            assertTrue(alice.drain("ack", Duration.ofMillis(300)).isEmpty());
            assertTrue(bob.drain("message", Duration.ofMillis(200)).isEmpty());

            // The block is one way: the blocker may still write.
            bob.send(Frames.send("mine", p.conversation(), "I can still write"));
            assertEquals("ack", bob.awaitRef("mine").path("type").asText());

            unblock(p.bobToken(), p.alice());
            alice.send(Frames.send("again", p.conversation(), "friends again"));
            assertEquals("ack", alice.awaitRef("again").path("type").asText());
            assertEquals(3, storedMessages(p.conversation()));
        }
    }

    @Test
    void aBlockedUserCannotOpenADirectConversationNorAddTheBlockerToAGroup() {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = Api.register(alice);
        String bobToken = Api.register(bob);
        block(bobToken, alice);

        Api.as(aliceToken)
                .body(Map.of("kind", "direct", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("blocked"));
        Api.as(aliceToken)
                .body(Map.of("kind", "group", "title", "party", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(403)
                .body("code", equalTo("blocked"));
        UUID group = Api.group(aliceToken, "party", List.of());
        Api.as(aliceToken)
                .body(Map.of("user", bob))
                .post("/v1/conversations/" + group + "/members")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("blocked"));
        assertEquals(0, Db.count("SELECT count(*) FROM member WHERE user_id = ?", bob));

        // The blocker is not held back.
        UUID direct = Api.direct(bobToken, alice);
        assertTrue(direct != null);
    }

    @Test
    void blocksAreExportedAndErasedInBothDirections() {
        String erased = Tokens.newUserId("erased");
        String other = Tokens.newUserId("other");
        String third = Tokens.newUserId("third");
        String erasedToken = Api.register(erased);
        String otherToken = Api.register(other);
        Api.register(third);
        block(erasedToken, third);
        block(otherToken, erased);

        String id = Api.as(erasedToken)
                .body(Map.of("type", "access"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Api.as(erasedToken)
                .get("/v1/me/requests/" + id + "/export")
                .then()
                .statusCode(200)
                .body("blocks.user", contains(third))
                .body("blocks[0].at", org.hamcrest.Matchers.endsWith("Z"));

        Api.as(erasedToken)
                .body(Map.of("type", "erasure"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202);
        Api.as(erasedToken).get("/v1/me/blocks").then().statusCode(403).body("code", equalTo("erased"));
        assertEquals(
                0, Db.count("SELECT count(*) FROM user_block WHERE blocker_id = ? OR blocked_id = ?", erased, erased));
        Api.as(otherToken).get("/v1/me/blocks").then().body("$", empty());
    }
}
