package dev.charter.messaging.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * While the writer lanes cannot commit, a client that keeps sending is no longer read once the lanes' queues
 * are full: its frames wait in TCP instead of in the server's heap. Nothing is lost: once the database answers
 * again every send is acked and delivered, in order.
 */
@QuarkusTest
@TestProfile(WriterBackpressureTest.SmallQueues.class)
class WriterBackpressureTest {

    /** One lane, one send per batch: the queues count as full past 2 queued sends. */
    public static class SmallQueues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "charter.messaging.writer-lanes",
                    "1",
                    "charter.messaging.max-batch",
                    "1",
                    "charter.ws.sends-per-second",
                    "1000",
                    "charter.ws.send-burst",
                    "1000");
        }
    }

    @Test
    void aSenderIsNoLongerReadWhileTheLanesAreFullAndLosesNothing() throws Exception {
        Pair p = Pair.create();
        int total = 40;
        try (WsClient sender = WsClient.open(p.aliceToken());
                WsClient receiver = WsClient.open(p.bobToken());
                Connection blocker = Db.connect()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("SELECT 1 FROM conversation WHERE id = '" + p.conversation() + "' FOR UPDATE");
            }
            double pausesBefore = metric("charter_socket_read_pauses_total");
            // One frame at a time, so that each is its own read: a paused socket's next frames stay in TCP.
            for (int i = 0; i < total; i++) {
                sender.send(Frames.send("b" + i, p.conversation(), "queued " + i));
                Thread.sleep(10);
            }
            Thread.sleep(300);
            double queued = metric("charter_send_queued");
            assertTrue(metric("charter_socket_read_pauses_total") > pausesBefore, "the sender was never paused");
            assertTrue(queued < total / 2.0, "the server read on while its lanes were full: " + queued + " queued");
            blocker.rollback();

            for (int i = 0; i < total; i++) {
                JsonNode ack = sender.awaitRef("b" + i);
                assertEquals("ack", ack.path("type").asText(), ack.toString());
                assertEquals(i + 1, ack.path("seq").asLong());
            }
            for (int i = 0; i < total; i++) {
                JsonNode message = receiver.awaitType("message");
                assertEquals("queued " + i, message.path("text").asText());
            }
            assertEquals(0.0, metric("charter_send_queued"));
        }
    }

    private static double metric(String name) {
        String metrics = dev.charter.testsupport.Management.metrics();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + " not exported");
    }
}
