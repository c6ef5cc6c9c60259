package dev.charter.messaging.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Frames handed to a connection together (one fan-out event's deliveries, one group commit's acks) leave in a few
 * socket writes, not one system call each: counted with the kernel's count of this process's write calls (the
 * server runs in it).
 */
@QuarkusTest
class FlushCoalescingTest {

    private static final Path PROCESS_IO = Path.of("/proc/self/io");
    private static final int FRAMES = 200;

    @Inject
    OpenConnections openConnections;

    @Inject
    Outbox outbox;

    @Test
    void framesHandedOverTogetherArriveInOrderFromAFewSocketWrites() throws Exception {
        assumeTrue(Files.isReadable(PROCESS_IO), "needs Linux's per-process I/O counters");
        String sub = Tokens.newUserId("coalesce");
        try (WsClient ws = WsClient.connect(RestAssured.port, Tokens.user(sub))) {
            ws.awaitType("welcome");
            WebSocketConnection connection = ServerSockets.of(openConnections, sub);
            List<String> frames = IntStream.range(0, FRAMES)
                    .mapToObj(i -> "{\"type\":\"pong\",\"ref\":\"c" + i + "\"}")
                    .toList();

            long before = writeCalls();
            outbox.send(Map.of(connection, frames));
            for (int i = 0; i < FRAMES; i++) {
                assertEquals("c" + i, ws.awaitType("pong").path("ref").asText());
            }
            long writes = writeCalls() - before;

            // One flush per frame would be at least 200; the slack is for whatever else the test JVM writes.
            assertTrue(writes < FRAMES / 4, writes + " write calls for " + FRAMES + " frames");
        }
    }

    @Test
    void framesSentInsideTogetherLeaveWhenItIsDoneAndInOrder() throws Exception {
        String sub = Tokens.newUserId("together");
        try (WsClient ws = WsClient.connect(RestAssured.port, Tokens.user(sub))) {
            ws.awaitType("welcome");
            WebSocketConnection connection = ServerSockets.of(openConnections, sub);

            AtomicBoolean finished = new AtomicBoolean();
            outbox.together(() -> {
                // What waits for the frames (a send counted as finished, which lets a shutdown close the socket).
                outbox.afterSent(() -> finished.set(true));
                for (int i = 0; i < 10; i++) {
                    outbox.send(connection, "{\"type\":\"pong\",\"ref\":\"t" + i + "\"}");
                }
                // Nested work joins the outer gathering.
                outbox.together(() -> outbox.send(connection, "{\"type\":\"pong\",\"ref\":\"t10\"}"));
                assertTrue(ws.drain("pong", Duration.ofMillis(300)).isEmpty(), "a frame left before the work was done");
                assertFalse(finished.get(), "ran before the frames were on their way");
            });
            assertTrue(finished.get(), "never ran");
            for (int i = 0; i <= 10; i++) {
                assertEquals("t" + i, ws.awaitType("pong").path("ref").asText());
            }
        }
    }

    private static long writeCalls() throws IOException {
        return Files.readAllLines(PROCESS_IO).stream()
                .filter(line -> line.startsWith("syscw:"))
                .mapToLong(
                        line -> Long.parseLong(line.substring("syscw:".length()).trim()))
                .findFirst()
                .orElseThrow();
    }
}
