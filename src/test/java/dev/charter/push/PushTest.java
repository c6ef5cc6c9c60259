package dev.charter.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Management;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.RawWs;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pushes against local APNs and FCM servers: who gets one, with exactly the contract's payload, how often, and
 * what happens to dead tokens and during a provider outage.
 */
@QuarkusTest
@TestProfile(PushProfile.class)
public class PushTest {

    private static final PushMocks MOCKS = PushProfile.MOCKS;
    private static boolean warm;

    /**
     * The first push after start-up opens the provider connections (TLS, HTTP/2), which on a busy test machine
     * takes longer than the 2 s every later push is held to.
     */
    @BeforeEach
    void connectionsOpen() {
        if (warm) {
            return;
        }
        Pair p = Pair.create();
        Phones bob = phones(p.bobToken());
        send(p.aliceToken(), p.conversation());
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> bob.apns().size() == 1 && bob.fcm().size() == 1);
        warm = true;
    }

    /** A user's two devices, one per platform. */
    record Phones(String apnsToken, String fcmToken) {

        List<PushMocks.Received> apns() {
            return MOCKS.apnsFor(apnsToken);
        }

        List<PushMocks.Received> fcm() {
            return MOCKS.fcmFor(fcmToken);
        }

        int total() {
            return apns().size() + fcm().size();
        }
    }

    static Phones phones(String token, String prefix) {
        String apnsToken = prefix + UUID.randomUUID().toString().replace("-", "");
        String fcmToken = prefix + "fcm:" + UUID.randomUUID();
        register(token, "iphone", "apns", apnsToken);
        register(token, "pixel", "fcm", fcmToken);
        return new Phones(apnsToken, fcmToken);
    }

    static Phones phones(String token) {
        return phones(token, "");
    }

    static void register(String token, String deviceId, String platform, String deviceToken) {
        Api.as(token)
                .body(Map.of("platform", platform, "token", deviceToken, "locale", "de-DE"))
                .put("/v1/me/devices/" + deviceId)
                .then()
                .statusCode(204);
    }

    /** Sends one message over a fresh socket and returns its seq once acked. */
    static long send(String token, UUID conversation) {
        try (WsClient ws = WsClient.connect(Chat.port(), token)) {
            ws.awaitType("welcome");
            ws.send(Frames.send("p", conversation, "secret text"));
            JsonNode ack = ws.awaitRef("p");
            assertEquals("ack", ack.path("type").asText(), ack.toString());
            return ack.path("seq").asLong();
        }
    }

    static void quiet() {
        try {
            Thread.sleep(1_500);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anOfflineMemberGetsOnePushPerDeviceWithTheContractPayloadAndTheSenderNone() {
        Pair p = Pair.create();
        Phones alice = phones(p.aliceToken());
        Phones bob = phones(p.bobToken());

        long seq = send(p.aliceToken(), p.conversation());
        Awaitility.await()
                .atMost(Duration.ofSeconds(2))
                .until(() -> bob.apns().size() == 1 && bob.fcm().size() == 1);

        String conversation = p.conversation().toString();
        PushMocks.Received apns = bob.apns().get(0);
        assertEquals(
                PushMocks.parse("{\"aps\":{\"alert\":{\"loc-key\":\"charter_new_message\"},\"mutable-content\":1,"
                        + "\"thread-id\":\"" + conversation + "\"},\"conversation\":\"" + conversation + "\",\"seq\":"
                        + seq + "}"),
                apns.body());
        assertEquals(PushMocks.TOPIC, apns.headers().get("apns-topic"));
        assertEquals("alert", apns.headers().get("apns-push-type"));
        assertEquals(
                PushMocks.parse("{\"message\":{\"token\":\"" + bob.fcmToken() + "\",\"data\":{\"conversation\":\""
                        + conversation + "\",\"seq\":\"" + seq + "\"},\"android\":{\"collapse_key\":\"" + conversation
                        + "\",\"priority\":\"high\"}}}"),
                bob.fcm().get(0).body());

        quiet();
        assertEquals(1, bob.apns().size(), "one push per device");
        assertEquals(1, bob.fcm().size(), "one push per device");
        assertEquals(0, alice.total(), "the sender never gets a push for their own message");
        Api.as(p.bobToken())
                .get("/v1/me/devices")
                .then()
                .statusCode(200)
                .body("find { it.deviceId == 'iphone' }.lastPushAt", org.hamcrest.Matchers.notNullValue());
        assertTrue(metric("apns", "sent") >= 1 && metric("fcm", "sent") >= 1);
    }

    @Test
    void aMemberConnectedOnAnyConnectionGetsNone() throws Exception {
        Pair p = Pair.create();
        Phones bob = phones(p.bobToken());
        try (WsClient first = WsClient.connect(Chat.port(), p.bobToken());
                RawWs second = RawWs.connect(Chat.port(), p.bobToken())) {
            first.awaitType("welcome");
            long seq = send(p.aliceToken(), p.conversation());
            first.await(f ->
                    "message".equals(f.path("type").asText()) && f.path("seq").asLong() == seq);
            // The first connection closes; the second one is still open.
            first.close();
            send(p.aliceToken(), p.conversation());
            quiet();
            assertEquals(0, bob.total(), "connected (on either connection): no push");
        }
        // Both closed now: the next message is pushed.
        send(p.aliceToken(), p.conversation());
        Awaitility.await()
                .atMost(Duration.ofSeconds(2))
                .until(() -> bob.apns().size() == 1 && bob.fcm().size() == 1);
    }

    @Test
    void aMemberConnectedToAnotherInstanceGetsNoneUntilThatInstanceStopsItsHeartbeat() {
        Pair p = Pair.create();
        Phones bob = phones(p.bobToken());
        UUID otherInstance = UUID.randomUUID();
        Db.execute("INSERT INTO push_instance (instance_id, heartbeat_at) VALUES (?, now())", otherInstance);
        Db.execute(
                "INSERT INTO push_presence (user_id, instance_id, connected, changed_at) VALUES (?, ?, true, now())",
                p.bob(),
                otherInstance);
        send(p.aliceToken(), p.conversation());
        quiet();
        assertEquals(0, bob.total(), "connected on another instance");

        // That instance crashed: its heartbeat is older than charter.push.presence-expiry (3 s here).
        Db.execute(
                "UPDATE push_instance SET heartbeat_at = now() - interval '10 seconds' WHERE instance_id = ?",
                otherInstance);
        send(p.aliceToken(), p.conversation());
        Awaitility.await()
                .atMost(Duration.ofSeconds(2))
                .until(() -> bob.apns().size() == 1 && bob.fcm().size() == 1);
        Db.execute("DELETE FROM push_instance WHERE instance_id = ?", otherInstance);
    }

    @Test
    void atMostOnePushPerConversationWithinTheIntervalAndAgainAfterRead() {
        Pair p = Pair.create();
        Phones bob = phones(p.bobToken());
        send(p.aliceToken(), p.conversation());
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> bob.apns().size() == 1);
        long second = send(p.aliceToken(), p.conversation());
        send(p.aliceToken(), p.conversation());
        quiet();
        assertEquals(1, bob.apns().size(), "unread, within the interval: no second push");
        assertEquals(1, bob.fcm().size());

        // Another conversation is pushed on its own.
        UUID group = Api.group(p.aliceToken(), "g", List.of(p.bob()));
        send(p.aliceToken(), group);
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> bob.apns().size() == 2);

        // Bob reads up to the pushed seq and goes: the next message is pushed again.
        try (WsClient ws = WsClient.connect(Chat.port(), p.bobToken())) {
            ws.awaitType("welcome");
            ws.send(Frames.read("r", p.conversation(), second + 1));
            assertEquals("ack", ws.awaitRef("r").path("type").asText());
        }
        long next = send(p.aliceToken(), p.conversation());
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> bob.apns().size() == 3);
        assertEquals(next, bob.apns().get(2).body().path("seq").asLong());
    }

    @Test
    void aClientThatReconnectedAndSyncedGetsNoPushForWhatItHas() {
        Pair p = Pair.create();
        Phones bob = phones(p.bobToken());
        long first = send(p.aliceToken(), p.conversation());
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> bob.apns().size() == 1);

        try (WsClient ws = WsClient.connect(Chat.port(), p.bobToken())) {
            ws.awaitType("welcome");
            long seen = send(p.aliceToken(), p.conversation()); // delivered live while connected
            ws.send(Frames.sync("s", p.conversation(), 0, 100));
            JsonNode history = ws.awaitRef("s");
            assertEquals(seen, history.path("messages").get(1).path("seq").asLong());
            assertEquals(first, history.path("messages").get(0).path("seq").asLong());
        }
        quiet();
        assertEquals(1, bob.apns().size(), "nothing pushed for what the client already has");
        assertEquals(1, bob.fcm().size());

        // Connecting reset the interval: a new message after it is pushed at once.
        send(p.aliceToken(), p.conversation());
        Awaitility.await()
                .atMost(Duration.ofSeconds(2))
                .until(() -> bob.apns().size() == 2 && bob.fcm().size() == 2);
    }

    @Test
    void deadTokensAreDeleted() {
        Pair p = Pair.create();
        register(p.bobToken(), "gone-iphone", "apns", "dead-" + UUID.randomUUID());
        register(p.bobToken(), "bad-iphone", "apns", "bad-" + UUID.randomUUID());
        register(p.bobToken(), "gone-pixel", "fcm", "dead-" + UUID.randomUUID());
        double deadBefore = metric("apns", "dead") + metric("fcm", "dead");

        send(p.aliceToken(), p.conversation());
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> Db.count("SELECT count(*) FROM push_device WHERE user_id = ?", p.bob()) == 0);
        Api.as(p.bobToken()).get("/v1/me/devices").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
        assertEquals(deadBefore + 3, metric("apns", "dead") + metric("fcm", "dead"));
    }

    @Test
    void aProviderOutageNeverSlowsASendAndIsCounted() {
        Pair p = Pair.create();
        Phones bob = phones(p.bobToken());
        double failedBefore = metric("apns", "failed") + metric("fcm", "failed");
        MOCKS.stop();
        try {
            try (WsClient ws = WsClient.connect(Chat.port(), p.aliceToken())) {
                ws.awaitType("welcome");
                for (int i = 0; i < 5; i++) {
                    UUID conversation =
                            i == 0 ? p.conversation() : Api.group(p.aliceToken(), "g" + i, List.of(p.bob()));
                    long started = System.nanoTime();
                    ws.send(Frames.send("o" + i, conversation, "during the outage"));
                    assertEquals("ack", ws.awaitRef("o" + i).path("type").asText());
                    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    assertTrue(millis < 1_000, "acked promptly during the outage: " + millis + " ms");
                }
            }
            // Four attempts with backoff (100, 200, 400 ms here), then counted as failed: 5 messages, 2 devices.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> metric("apns", "failed") + metric("fcm", "failed") >= failedBefore + 10);
            assertEquals(0, bob.total());
        } finally {
            MOCKS.start();
        }
    }

    /** The value of {@code charter_push_sent_total{platform,outcome}}, 0 while never counted. */
    static double metric(String platform, String outcome) {
        Matcher m = Pattern.compile("(?m)^charter_push_sent_total\\{([^}]*)\\} (\\S+)$")
                .matcher(Management.metrics());
        double total = 0;
        while (m.find()) {
            if (m.group(1).contains("platform=\"" + platform + "\"")
                    && m.group(1).contains("outcome=\"" + outcome + "\"")) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
