package dev.charter.messaging.conversation;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class ConversationResourceTest {

    @Test
    void directConversationIsUniquePerPair() {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = Api.register(alice);
        String bobToken = Api.register(bob);
        String id = Api.as(aliceToken)
                .body(Map.of("kind", "direct", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .body("kind", equalTo("direct"))
                .body("members", containsInAnyOrder(alice, bob))
                .body("lastSeq", equalTo(0))
                .extract()
                .path("id");
        Api.as(aliceToken)
                .body(Map.of("kind", "direct", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        Api.as(bobToken)
                .body(Map.of("kind", "direct", "members", List.of(alice)))
                .post("/v1/conversations")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
    }

    /** Subjects like {@code provider|id}: another pair's key must never be reachable, nor its conversation. */
    @Test
    void idsHoldingTheSeparatorCannotReachAnotherPairsConversation() {
        String tag = Tokens.newUserId("");
        String p = "p" + tag;
        String pq = "p" + tag + "|q";
        String q = "q|" + "r" + tag;
        String r = "r" + tag;
        String pqToken = Api.register(pq);
        Api.register(r);
        String pToken = Api.register(p);
        Api.register(q);
        String theirs = Api.as(pqToken)
                .body(Map.of("kind", "direct", "members", List.of(r)))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String mine = Api.as(pToken)
                .body(Map.of("kind", "direct", "members", List.of(q)))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .body("members", containsInAnyOrder(p, q))
                .extract()
                .path("id");
        org.junit.jupiter.api.Assertions.assertNotEquals(theirs, mine);
        Api.as(pToken).get("/v1/conversations/" + theirs + "/messages").then().statusCode(404);
    }

    @Test
    void namingAUserWhoNeverCalledIsUnknownUser() {
        String aliceToken = Api.register(Tokens.newUserId("alice"));
        Api.as(aliceToken)
                .body(Map.of("kind", "direct", "members", List.of(Tokens.newUserId("ghost"))))
                .post("/v1/conversations")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("unknown_user"));
    }

    @Test
    void malformedRequestsAreInvalidRequest() {
        String aliceToken = Api.register(Tokens.newUserId("alice"));
        Api.as(aliceToken)
                .body("{not json")
                .post("/v1/conversations")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_request"));
        Api.as(aliceToken)
                .body(Map.of("kind", "channel", "members", List.of()))
                .post("/v1/conversations")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_request"));
        Api.as(aliceToken)
                .body(Map.of("kind", "group", "title", "t".repeat(201), "members", List.of()))
                .post("/v1/conversations")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_request"));
        Api.as(aliceToken)
                .body(Map.of("kind", "group", "title", "t".repeat(200), "members", List.of()))
                .post("/v1/conversations")
                .then()
                .statusCode(201);
        Api.as(aliceToken)
                .body(Map.of("kind", "direct", "members", List.of("a", "b")))
                .post("/v1/conversations")
                .then()
                .statusCode(422)
                .body("code", equalTo("unprocessable"));
    }

    @Test
    void groupListingAndMembersOwnerOnly() {
        String owner = Tokens.newUserId("owner");
        String bob = Tokens.newUserId("bob");
        String carol = Tokens.newUserId("carol");
        String ownerToken = Api.register(owner);
        String bobToken = Api.register(bob);
        Api.register(carol);
        UUID id = Api.group(ownerToken, "trip", List.of(bob));

        Api.as(bobToken)
                .body(Map.of("user", carol))
                .post("/v1/conversations/" + id + "/members")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        Api.as(ownerToken)
                .body(Map.of("user", carol))
                .post("/v1/conversations/" + id + "/members")
                .then()
                .statusCode(204);
        Api.as(ownerToken)
                .body(Map.of("user", Tokens.newUserId("ghost")))
                .post("/v1/conversations/" + id + "/members")
                .then()
                .statusCode(404)
                .body("code", equalTo("unknown_user"));

        Api.as(Tokens.user(carol))
                .get("/v1/conversations")
                .then()
                .statusCode(200)
                .body("find { it.id == '" + id + "' }.members", containsInAnyOrder(owner, bob, carol))
                .body("find { it.id == '" + id + "' }.title", equalTo("trip"))
                .body("find { it.id == '" + id + "' }.readSeq", equalTo(0))
                .body("find { it.id == '" + id + "' }.lastSeq", equalTo(0));
    }

    @Test
    void nonMembersCannotSeeAConversation() {
        String aliceToken = Api.register(Tokens.newUserId("alice"));
        String bob = Tokens.newUserId("bob");
        Api.register(bob);
        String eveToken = Api.register(Tokens.newUserId("eve"));
        UUID id = Api.direct(aliceToken, bob);
        Api.as(eveToken)
                .get("/v1/conversations/" + id + "/messages")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        Api.as(eveToken)
                .get("/v1/conversations/" + UUID.randomUUID() + "/messages")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        Api.as(eveToken)
                .body(Map.of("user", bob))
                .post("/v1/conversations/" + id + "/members")
                .then()
                .statusCode(404);
        Api.as(eveToken).get("/v1/conversations").then().body("id", not(org.hamcrest.Matchers.hasItem(id.toString())));
    }

    @Test
    void historyPagesAndDeletingOwnMessageShowsItRemoved() {
        Pair p = Pair.create();
        String alice = p.alice();
        String aliceToken = p.aliceToken();
        String bobToken = p.bobToken();
        UUID id = p.conversation();
        try (WsClient ws = WsClient.open(aliceToken)) {
            for (int i = 1; i <= 5; i++) {
                ws.send(Frames.send("s" + i, id, "message " + i));
                ws.awaitRef("s" + i);
            }
        }
        Api.as(bobToken)
                .get("/v1/conversations/" + id + "/messages?afterSeq=1&limit=2")
                .then()
                .statusCode(200)
                .body("messages.seq", contains(2, 3))
                .body("messages.text", contains("message 2", "message 3"))
                .body("messages[0].sender", equalTo(alice))
                .body("hasMore", equalTo(true));
        Api.as(bobToken)
                .get("/v1/conversations/" + id + "/messages?afterSeq=3&limit=50")
                .then()
                .body("messages.seq", contains(4, 5))
                .body("hasMore", equalTo(false));

        Api.as(bobToken)
                .delete("/v1/conversations/" + id + "/messages/2")
                .then()
                .statusCode(404);
        Api.as(aliceToken)
                .delete("/v1/conversations/" + id + "/messages/2")
                .then()
                .statusCode(204);
        Api.as(bobToken)
                .get("/v1/conversations/" + id + "/messages?afterSeq=1&limit=1")
                .then()
                .body("messages", hasSize(1))
                .body("messages[0].seq", equalTo(2))
                .body("messages[0].removed", equalTo(true))
                .body("messages[0].text", nullValue());
        Api.as(bobToken).get("/v1/conversations").then().body("find { it.id == '" + id + "' }.lastSeq", equalTo(5));
        assertEquals(
                0,
                dev.charter.testsupport.Db.count(
                        "SELECT octet_length(ciphertext) FROM message WHERE conversation_id = ? AND seq = 2", id),
                "a deleted message keeps no ciphertext");
    }
}
