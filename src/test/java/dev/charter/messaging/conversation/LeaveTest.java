package dev.charter.messaging.conversation;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
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
public class LeaveTest {

    private static void assertError(WsClient ws, String ref, String code) {
        JsonNode error = ws.awaitRef(ref);
        assertEquals("error", error.path("type").asText(), error.toString());
        assertEquals(code, error.path("code").asText(), error.toString());
    }

    @Test
    void aFormerMemberGetsNotMemberAndNoMoreMessagesWhileOthersKeepTheHistory() {
        String owner = Tokens.newUserId("owner");
        String bob = Tokens.newUserId("bob");
        String ownerToken = Api.register(owner);
        String bobToken = Api.register(bob);
        UUID group = Api.group(ownerToken, "club", List.of(bob));

        try (WsClient ownerWs = WsClient.open(ownerToken);
                WsClient bobWs = WsClient.open(bobToken)) {
            bobWs.send(Frames.send("b1", group, "bye soon"));
            assertEquals("ack", bobWs.awaitRef("b1").path("type").asText());
            assertEquals("bye soon", ownerWs.awaitType("message").path("text").asText());

            Api.as(bobToken)
                    .delete("/v1/conversations/" + group + "/members/me")
                    .then()
                    .statusCode(204);

            bobWs.send(Frames.send("b2", group, "am I still here?"));
            assertError(bobWs, "b2", "not_member");
            bobWs.send(Frames.sync("b3", group, 0));
            assertError(bobWs, "b3", "not_member");
            ownerWs.send(Frames.send("o1", group, "after bob left"));
            assertEquals("ack", ownerWs.awaitRef("o1").path("type").asText());
            assertTrue(bobWs.drain("message", Duration.ofMillis(500)).isEmpty());
        }

        Api.as(bobToken)
                .get("/v1/conversations/" + group + "/messages")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        Api.as(bobToken).get("/v1/conversations").then().body("id", not(hasItem(group.toString())));
        Api.as(bobToken)
                .delete("/v1/conversations/" + group + "/members/me")
                .then()
                .statusCode(404);
        List<JsonNode> history = Chat.history(ownerToken, group);
        assertEquals(
                List.of("bye soon", "after bob left"),
                history.stream().map(m -> m.path("text").asText()).toList());
        Api.as(ownerToken)
                .get("/v1/conversations")
                .then()
                .body("find { it.id == '" + group + "' }.members", contains(owner));
    }

    @Test
    void anOwnerWhoLeavesHandsOwnershipToTheLongestStandingMember() {
        String owner = Tokens.newUserId("owner");
        String first = Tokens.newUserId("first");
        String later = Tokens.newUserId("later");
        String carol = Tokens.newUserId("carol");
        String ownerToken = Api.register(owner);
        String firstToken = Api.register(first);
        String laterToken = Api.register(later);
        Api.register(carol);
        UUID group = Api.group(ownerToken, "handover", List.of(first));
        Api.as(ownerToken)
                .body(Map.of("user", later))
                .post("/v1/conversations/" + group + "/members")
                .then()
                .statusCode(204);

        Api.as(ownerToken)
                .delete("/v1/conversations/" + group + "/members/me")
                .then()
                .statusCode(204);

        Api.as(laterToken)
                .body(Map.of("user", carol))
                .post("/v1/conversations/" + group + "/members")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        Api.as(firstToken)
                .body(Map.of("user", carol))
                .post("/v1/conversations/" + group + "/members")
                .then()
                .statusCode(204);
        Api.as(firstToken)
                .get("/v1/conversations")
                .then()
                .body("find { it.id == '" + group + "' }.members", contains(first, later, carol));
        // The former owner comes back as a plain member.
        Api.as(firstToken)
                .body(Map.of("user", owner))
                .post("/v1/conversations/" + group + "/members")
                .then()
                .statusCode(204);
        Api.as(ownerToken)
                .body(Map.of("user", Tokens.newUserId("nobody")))
                .post("/v1/conversations/" + group + "/members")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void aDirectConversationCannotBeLeftAndStrangersGetNotFound() {
        Pair p = Pair.create();
        Api.as(p.aliceToken())
                .delete("/v1/conversations/" + p.conversation() + "/members/me")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("conflict"));
        Api.as(Api.register(Tokens.newUserId("eve")))
                .delete("/v1/conversations/" + p.conversation() + "/members/me")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        Chat.send(p.aliceToken(), p.conversation(), "still both here");
        assertEquals(1, Chat.history(p.bobToken(), p.conversation()).size());
    }
}
