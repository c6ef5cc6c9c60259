package dev.charter.messaging.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two instances of the packaged app on one database: fan-out crosses instances through LISTEN/NOTIFY. */
public class ClusterFanoutIT {

    private static AppProcess a;
    private static AppProcess b;

    @BeforeAll
    static void startTwoInstances() {
        a = AppProcess.start(AppProcess.freePort(), Map.of());
        b = AppProcess.start(AppProcess.freePort(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static String register(AppProcess app, String sub) {
        String token = Tokens.user(sub);
        Api.on(app.port, token).get("/v1/conversations").then().statusCode(200);
        return token;
    }

    private static WsClient open(AppProcess app, String token) {
        WsClient ws = WsClient.connect(app.port, token);
        ws.awaitType("welcome");
        return ws;
    }

    private static void send(WsClient ws, String ref, UUID conversation, String text) {
        ws.send(Frames.send(ref, conversation, text));
    }

    /**
     * Status caches live up to a minute; a restriction decided through one instance must stop sends through the other
     * at once, because every instance drops its entry on the NOTIFY that announces the change.
     */
    @Test
    void aRestrictionThroughOneInstanceStopsSendsThroughTheOtherAtOnce() throws Exception {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = register(b, alice);
        register(b, bob);
        UUID chat = UUID.fromString(Api.on(b.port, aliceToken)
                .body(Map.of("kind", "direct", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
        try (WsClient aliceOnB = open(b, aliceToken)) {
            send(aliceOnB, "before", chat, "still allowed");
            assertEquals("ack", aliceOnB.awaitRef("before").path("type").asText(), "B now caches alice as active");

            Api.on(a.port, aliceToken)
                    .body(Map.of("type", "restriction"))
                    .post("/v1/me/requests")
                    .then()
                    .statusCode(202)
                    .body("status", org.hamcrest.Matchers.equalTo("completed"));
            Thread.sleep(300);
            send(aliceOnB, "after", chat, "must be refused");
            JsonNode reply = aliceOnB.awaitRef("after");
            assertEquals("error", reply.path("type").asText(), reply.toString());
            assertEquals("restricted", reply.path("code").asText());
        }
    }

    @Test
    void messagesReachMembersOnTheOtherInstanceOnceAndInOrder() {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = register(a, alice);
        String bobToken = register(b, bob);
        UUID group = UUID.fromString(Api.on(a.port, aliceToken)
                .body(Map.of("kind", "group", "title", "cluster", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
        try (WsClient aliceOnA = open(a, aliceToken);
                WsClient aliceOnB = open(b, aliceToken);
                WsClient bobOnB = open(b, bobToken);
                WsClient bobOnA = open(a, bobToken)) {
            int count = 50;
            for (int i = 1; i <= count; i++) {
                send(aliceOnA, "a" + i, group, "from A " + i);
            }
            for (WsClient device : List.of(bobOnB, aliceOnB, bobOnA)) {
                Chat.assertDeliveredOnceInOrder(device, count, i -> "from A " + i, Duration.ofMillis(300));
            }
            send(bobOnB, "b1", group, "from B");
            assertEquals(count + 1, bobOnB.awaitRef("b1").path("seq").asLong());
            assertEquals("from B", aliceOnA.awaitType("message").path("text").asText());

            bobOnB.send(Frames.read("r", group, count + 1));
            bobOnB.awaitRef("r");
            JsonNode receipt = aliceOnA.awaitType("receipt");
            assertEquals(bob, receipt.path("user").asText());
            assertEquals(count + 1, receipt.path("readSeq").asLong());
        }
    }

    @Test
    void aMemberAddedThroughOneInstanceReceivesOnTheOther() {
        String owner = Tokens.newUserId("owner");
        String dave = Tokens.newUserId("dave");
        String ownerToken = register(a, owner);
        String daveToken = register(b, dave);
        String bob = Tokens.newUserId("bob");
        String bobToken = register(b, bob);
        UUID group = UUID.fromString(Api.on(a.port, ownerToken)
                .body(Map.of("kind", "group", "title", "growing", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
        try (WsClient ownerOnA = open(a, ownerToken);
                WsClient bobOnB = open(b, bobToken);
                WsClient daveOnB = open(b, daveToken)) {
            send(ownerOnA, "warm", group, "before dave");
            bobOnB.awaitType("message"); // instance B has now cached the membership
            Api.on(a.port, ownerToken)
                    .body(Map.of("user", dave))
                    .post("/v1/conversations/" + group + "/members")
                    .then()
                    .statusCode(204);
            send(ownerOnA, "after", group, "welcome dave");
            ownerOnA.awaitRef("after");
            assertEquals(
                    "welcome dave", daveOnB.awaitType("message").path("text").asText());
        }
    }

    @Test
    void aMemberWhoLeavesThroughOneInstanceStopsReceivingOnTheOther() {
        String owner = Tokens.newUserId("owner");
        String bob = Tokens.newUserId("bob");
        String ownerToken = register(a, owner);
        String bobToken = register(b, bob);
        UUID group = UUID.fromString(Api.on(a.port, ownerToken)
                .body(Map.of("kind", "group", "title", "shrinking", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
        try (WsClient ownerOnA = open(a, ownerToken);
                WsClient bobOnB = open(b, bobToken)) {
            send(ownerOnA, "warm", group, "before bob leaves");
            bobOnB.awaitType("message"); // instance B has now cached the membership
            Api.on(a.port, bobToken)
                    .delete("/v1/conversations/" + group + "/members/me")
                    .then()
                    .statusCode(204);
            send(ownerOnA, "after", group, "bob is gone");
            ownerOnA.awaitRef("after");
            send(bobOnB, "late", group, "still here?");
            JsonNode refused = bobOnB.awaitRef("late");
            assertEquals("not_member", refused.path("code").asText(), refused.toString());
            assertTrue(bobOnB.drain("message", java.time.Duration.ofMillis(500)).isEmpty());
        }
    }

    @Test
    void aBlockThroughOneInstanceStopsSendsThroughTheOther() {
        String alice = Tokens.newUserId("alice");
        String bob = Tokens.newUserId("bob");
        String aliceToken = register(b, alice);
        String bobToken = register(a, bob);
        UUID direct = UUID.fromString(Api.on(b.port, aliceToken)
                .body(Map.of("kind", "direct", "members", List.of(bob)))
                .post("/v1/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
        try (WsClient aliceOnB = open(b, aliceToken)) {
            send(aliceOnB, "warm", direct, "hi");
            assertEquals("ack", aliceOnB.awaitRef("warm").path("type").asText()); // B has cached "not blocked"
            Api.on(a.port, bobToken).put("/v1/me/blocks/" + alice).then().statusCode(204);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            String code;
            int attempt = 0;
            do {
                // The announcement reaches B within moments; until then a send may still pass.
                String ref = "after" + attempt++;
                send(aliceOnB, ref, direct, "are you there?");
                code = aliceOnB.awaitRef(ref).path("code").asText();
            } while (!"blocked".equals(code) && System.nanoTime() < deadline);
            assertEquals("blocked", code);
        }
    }
}
