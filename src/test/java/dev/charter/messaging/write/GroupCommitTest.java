package dev.charter.messaging.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Pipelined sends share the writer's transactions (group commit), and its metrics count each send and batch once. */
@QuarkusTest
public class GroupCommitTest {

    private static double[] batchMetric() {
        String metrics = dev.charter.testsupport.Management.metrics();
        double count = 0;
        double sum = 0;
        double waits = 0;
        double commits = 0;
        double served = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("charter_send_duration_seconds_count")) {
                served = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
            if (line.startsWith("charter_send_batch_phase_seconds_count") && line.contains("phase=\"commit\"")) {
                commits = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
            if (line.startsWith("charter_send_batch_size_count")) {
                count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("charter_send_batch_size_sum")) {
                sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("charter_send_queue_wait_seconds_count")) {
                waits = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return new double[] {count, sum, waits, commits, served};
    }

    @Test
    void concurrentSendsShareTransactions() {
        Pair p = Pair.create();
        double[] before = batchMetric();
        int total = 150;
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            for (int i = 0; i < total; i++) {
                alice.send(Frames.send("gc" + i, p.conversation(), "batched " + i));
            }
            for (int i = 0; i < total; i++) {
                assertEquals("ack", alice.awaitRef("gc" + i).path("type").asText());
            }
        }
        double[] after = batchMetric();
        double transactions = after[0] - before[0];
        double sends = after[1] - before[1];
        assertEquals(total, sends, 0.1);
        assertEquals(total, after[2] - before[2], 0.1, "each send's wait in its lane is recorded once");
        assertEquals(transactions, after[3] - before[3], 0.1, "each batch's commit round trip is timed once");
        assertEquals(total, after[4] - before[4], 0.1, "each send's time in the server is recorded once");
        assertTrue(
                transactions < total / 2.0,
                "pipelined sends must be committed in groups, not one transaction each: " + transactions);
    }
}
