package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.KmsStub;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Collections;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * KMS throttling or failing every call, for as long as it lasts: senders whose month key is cached keep
 * sending and reading; a sender who needs a new month key gets a retryable {@code internal} error quickly
 * and nothing is stored; readiness reports the key provider DOWN and comes back, with the send, once KMS does.
 */
@QuarkusTest
@TestProfile(AwsKmsProfile.class)
public class KmsOutageTest {

    @AfterEach
    void heal() {
        AwsKmsProfile.KMS.heal();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ready().statusCode() == 200);
    }

    @ParameterizedTest
    @EnumSource(KmsStub.Fault.class)
    void cachedSendersCarryOnANewKeyFailsRetryablyAndSucceedsOnceKmsIsBack(KmsStub.Fault fault) {
        Pair warm = Pair.create();
        Pair cold = Pair.create();
        Chat.send(warm.aliceToken(), warm.conversation(), "warm");
        Chat.send(warm.bobToken(), warm.conversation(), "warm too");

        AwsKmsProfile.KMS.failNext(Integer.MAX_VALUE, fault);
        UUID clientMsgId = UUID.randomUUID();
        try (WsClient ws = WsClient.connect(Chat.port(), cold.aliceToken())) {
            ws.awaitType("welcome");
            long started = System.nanoTime();
            ws.send(send(cold.conversation(), clientMsgId));
            JsonNode reply = ws.awaitRef("new-key");
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals("error", reply.path("type").asText(), reply.toString());
            assertEquals("internal", reply.path("code").asText());
            assertTrue(reply.path("retryable").asBoolean(), reply.toString());
            // Throttling and 5xx: a second or two of retries; a KMS that never answers: the 10 s call timeout.
            assertTrue(millis < 15_000, "bounded retries, not a hang: " + millis + " ms");
        }
        assertEquals(0, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", cold.conversation()));
        assertEquals(0, Db.count("SELECT count(*) FROM data_key WHERE user_id = ?", cold.alice()));

        Response down = ready();
        assertEquals(503, down.statusCode(), down.asString());
        assertEquals("DOWN", keyProviderStatus(down));
        // Cached traffic is unaffected by the outage: sends commit and history opens.
        Chat.send(Chat.port(), warm.aliceToken(), warm.conversation(), Collections.nCopies(5, "during outage"));
        Chat.send(warm.bobToken(), warm.conversation(), "bob during outage");
        assertEquals(
                8,
                Chat.history(warm.bobToken(), warm.conversation()).stream()
                        .filter(m -> m.has("text"))
                        .count());
        assertEquals(503, ready().statusCode(), "still DOWN while KMS is");

        AwsKmsProfile.KMS.heal();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ready().statusCode() == 200);
        try (WsClient ws = WsClient.connect(Chat.port(), cold.aliceToken())) {
            ws.awaitType("welcome");
            ws.send(send(cold.conversation(), clientMsgId));
            JsonNode ack = ws.awaitRef("new-key");
            assertEquals("ack", ack.path("type").asText(), ack.toString());
            assertEquals(1, ack.path("seq").asLong());
        }
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM message WHERE conversation_id = ? AND client_msg_id = ?",
                        cold.conversation(),
                        clientMsgId));
    }

    @Test
    void readinessNoticesAFailedKeyCallWithoutWaitingForItsCache() {
        assertEquals(200, ready().statusCode());
        Pair cold = Pair.create();
        AwsKmsProfile.KMS.failNext(Integer.MAX_VALUE, KmsStub.Fault.SERVER_ERROR);
        try (WsClient ws = WsClient.connect(Chat.port(), cold.aliceToken())) {
            ws.awaitType("welcome");
            ws.send(send(cold.conversation(), UUID.randomUUID()));
            assertEquals("error", ws.awaitRef("new-key").path("type").asText());
        }
        // The last good check is seconds old (cached for 30 s), yet the failed call makes the probe look again.
        assertEquals(503, ready().statusCode());
    }

    /** A cold sender's failing key lookup (at admission, or in a batch) must not fail a warm sender's sends. */
    @Test
    void aColdSendersFailureDoesNotFailAWarmSendersSendsInTheSameBatch() {
        String warm = dev.charter.testsupport.Tokens.newUserId("warm");
        String cold = dev.charter.testsupport.Tokens.newUserId("cold");
        String warmToken = dev.charter.testsupport.Api.register(warm);
        String coldToken = dev.charter.testsupport.Api.register(cold);
        UUID group = dev.charter.testsupport.Api.group(warmToken, "mixed", java.util.List.of(cold));
        Chat.send(warmToken, group, "warm up");

        AwsKmsProfile.KMS.failNext(Integer.MAX_VALUE, KmsStub.Fault.THROTTLE);
        try (WsClient coldWs = WsClient.connect(Chat.port(), coldToken);
                WsClient warmWs = WsClient.connect(Chat.port(), warmToken)) {
            coldWs.awaitType("welcome");
            warmWs.awaitType("welcome");
            coldWs.send(frame(group, "c0"));
            for (int i = 0; i < 5; i++) {
                warmWs.send(frame(group, "w" + i));
            }
            coldWs.send(frame(group, "c1"));
            for (int i = 0; i < 5; i++) {
                JsonNode reply = warmWs.awaitRef("w" + i);
                assertEquals("ack", reply.path("type").asText(), reply.toString());
            }
            for (String ref : java.util.List.of("c0", "c1")) {
                JsonNode reply = coldWs.awaitRef(ref);
                assertEquals("error", reply.path("type").asText(), reply.toString());
                assertTrue(reply.path("retryable").asBoolean(), reply.toString());
            }
        }
        assertEquals(6, Db.count("SELECT count(*) FROM message WHERE conversation_id = ?", group));
        assertEquals(
                0, Db.count("SELECT count(*) FROM message WHERE conversation_id = ? AND sender_id = ?", group, cold));
    }

    /** A new month key is fetched before the send joins its writer lane: KMS hanging holds up no one else. */
    @Test
    void aSenderWaitingForKmsDoesNotHoldUpOtherSendsInTheSameConversation() {
        String warm = dev.charter.testsupport.Tokens.newUserId("warm");
        String cold = dev.charter.testsupport.Tokens.newUserId("cold");
        String warmToken = dev.charter.testsupport.Api.register(warm);
        String coldToken = dev.charter.testsupport.Api.register(cold);
        UUID group = dev.charter.testsupport.Api.group(warmToken, "lane", java.util.List.of(cold));
        Chat.send(warmToken, group, "warm up");

        AwsKmsProfile.KMS.failNext(Integer.MAX_VALUE, KmsStub.Fault.HANG);
        try (WsClient coldWs = WsClient.connect(Chat.port(), coldToken);
                WsClient warmWs = WsClient.connect(Chat.port(), warmToken)) {
            coldWs.awaitType("welcome");
            warmWs.awaitType("welcome");
            coldWs.send(frame(group, "c0"));
            sleepMillis(300);
            long started = System.nanoTime();
            warmWs.send(frame(group, "w0"));
            JsonNode reply = warmWs.awaitRef("w0");
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals("ack", reply.path("type").asText(), reply.toString());
            assertTrue(millis < 3_000, "not queued behind the KMS call: " + millis + " ms");
            assertEquals("error", coldWs.awaitRef("c0").path("type").asText());
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode frame(UUID conversation, String ref) {
        return WsClient.frame("send", ref)
                .put("conversation", conversation.toString())
                .put("clientMsgId", UUID.randomUUID().toString())
                .put("text", "mixed " + ref);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode send(UUID conversation, UUID clientMsgId) {
        return WsClient.frame("send", "new-key")
                .put("conversation", conversation.toString())
                .put("clientMsgId", clientMsgId.toString())
                .put("text", "first this month");
    }

    private static Response ready() {
        return RestAssured.given().get("/q/health/ready");
    }

    private static String keyProviderStatus(Response health) {
        for (Object check : health.jsonPath().getList("checks")) {
            java.util.Map<?, ?> map = (java.util.Map<?, ?>) check;
            if ("key-provider".equals(map.get("name"))) {
                return String.valueOf(map.get("status"));
            }
        }
        throw new AssertionError("no key-provider check in " + health.asString());
    }
}
