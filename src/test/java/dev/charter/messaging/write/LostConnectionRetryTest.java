package dev.charter.messaging.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A lane whose connection is lost mid-transaction retries the batch on a new connection: acked and stored once. */
@QuarkusTest
public class LostConnectionRetryTest {

    @Test
    void aSendWhoseWriterConnectionIsKilledMidTransactionIsRetriedAndStoredOnce() throws Exception {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken());
                java.sql.Connection blocker = Db.connect()) {
            alice.send(Frames.send("k0", p.conversation(), "opens the lane's connection"));
            assertEquals("ack", alice.awaitRef("k0").path("type").asText());
            bob.awaitType("message");
            // Hold the conversation's row so the writer's reservation waits on it, then kill that writer.
            blocker.setAutoCommit(false);
            long blockerPid;
            try (java.sql.Statement lock = blocker.createStatement()) {
                lock.execute("SELECT 1 FROM conversation WHERE id = '" + p.conversation() + "' FOR UPDATE");
                try (java.sql.ResultSet pid = lock.executeQuery("SELECT pg_backend_pid()")) {
                    pid.next();
                    blockerPid = pid.getLong(1);
                }
            }
            UUID clientMsgId = UUID.randomUUID();
            alice.send(Frames.send("k1", p.conversation(), clientMsgId, "through a killed connection"));
            String blockedWriter =
                    "FROM pg_stat_activity WHERE pg_blocking_pids(pid) @> ARRAY[" + blockerPid + "]::int[]";
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Db.count("SELECT count(*) " + blockedWriter) < 1) {
                assertTrue(System.nanoTime() < deadline, "the writer never waited on the locked conversation");
                Thread.sleep(20);
            }
            assertEquals(
                    1, Db.count("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) " + blockedWriter + ") t"));
            blocker.rollback();

            JsonNode ack = alice.awaitRef("k1");
            assertEquals("ack", ack.path("type").asText(), ack.toString());
            assertEquals(2, ack.path("seq").asLong());
            JsonNode delivered = bob.awaitType("message");
            assertEquals("through a killed connection", delivered.path("text").asText());
            assertEquals(2, delivered.path("seq").asLong());
            assertEquals(1, Db.count("SELECT count(*) FROM message WHERE client_msg_id = ?", clientMsgId));
        }
    }
}
