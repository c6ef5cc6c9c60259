package dev.charter.security;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.security.HostileFrames.Frame;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.RawWs;
import dev.charter.testsupport.ServerHealth;
import dev.charter.testsupport.Tokens;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 100,000 random and mutated frames (broken JSON, wrong types for every field, huge numbers, deep nesting,
 * invalid UTF-8, binary frames, frames around and over the size limits, unknown types) with valid sends
 * mixed in, over several connections to the packaged app running in a 96 MB heap. Every reply must be a
 * contract frame and never {@code internal}; closes only where the contract (or RFC 6455) says; every
 * valid send acked and stored exactly once; the server alive and answering afterwards.
 * The frames come from {@link HostileFrames}, the assertions on the answers from {@link FrameContractChecker}.
 * Reproduce a failure with {@code -Dfuzz.seed=<seed printed>}; size with {@code -Dfuzz.frames}.
 */
public class FrameFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONNECTIONS = 4;

    @Test
    void randomAndMutatedFramesNeverBreakTheServer() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int total = Integer.getInteger("fuzz.frames", 100_000);
        System.out.println("FrameFuzzIT seed=" + seed + " frames=" + total + " (rerun with -Dfuzz.seed=" + seed + ")");
        int port = Integer.getInteger("fuzz.port", AppProcess.freePort());
        Map<String, String> env = Map.of(
                "CHARTER_WS_SENDS_PER_SECOND",
                "1000000",
                "CHARTER_WS_SEND_BURST",
                "1000000",
                "CHARTER_WS_BAD_FRAME_LIMIT",
                String.valueOf(FrameContractChecker.BAD_FRAME_LIMIT),
                "CHARTER_WS_MAX_CONNECTIONS_PER_USER",
                "1000");
        try (AppProcess app = AppProcess.start(port, env, List.of("-Xmx96m"))) {
            String bystander = Tokens.newUserId("fuzzpeer");
            Api.on(port, Tokens.user(bystander)).get("/v1/conversations").then().statusCode(200);
            List<String> users = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            List<UUID> conversations = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                String user = Tokens.newUserId("fuzz" + i);
                String token = Tokens.user(user);
                users.add(user);
                tokens.add(token);
                conversations.add(UUID.fromString(Api.on(port, token)
                        .body(Map.of("kind", "direct", "members", List.of(bystander)))
                        .post("/v1/conversations")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id")));
            }
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                workers.add(new Worker(
                        port,
                        tokens.get(i),
                        new HostileFrames(conversations.get(i), conversations, new Random(seed + i)),
                        new FrameContractChecker(users.get(i), conversations.get(i)),
                        total / CONNECTIONS));
            }
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<?>> runs = new ArrayList<>();
            for (Worker worker : workers) {
                runs.add(pool.submit(() -> {
                    worker.run();
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
            pool.shutdown();
            System.out.println("FrameFuzzIT storm took " + (System.nanoTime() - started) / 1_000_000 + " ms");

            assertTrue(app.isAlive(), "the server survived");
            int budgetCloses =
                    workers.stream().mapToInt(w -> w.checker.budgetCloses()).sum();
            FrameContractChecker.assertBadFrameBudgetCloses(port, tokens.get(1));
            for (Worker worker : workers) {
                worker.checker.assertStoredExactlyOnce(worker.frames.validSends());
            }
            ServerHealth.assertResponsive(port, tokens.get(0));
            System.out.println("FrameFuzzIT done: "
                    + workers.stream().mapToInt(w -> w.sent).sum() + " frames, "
                    + workers.stream().mapToInt(w -> w.checker.ackedCount()).sum() + " messages stored, "
                    + budgetCloses + " closes 1008, "
                    + workers.stream().mapToInt(w -> w.checker.otherCloses()).sum()
                    + " other closes");
        }
    }

    /** One user's connection: sends the generator's frames in batches, has the replies judged, reconnects. */
    private static final class Worker {
        final int port;
        final String token;
        final HostileFrames frames;
        final FrameContractChecker checker;
        final int total;
        /** Valid sends whose ack was lost with a closed connection: resent later with the same clientMsgId. */
        final List<UUID> unacked = new ArrayList<>();

        int sent;
        private RawWs ws;

        Worker(int port, String token, HostileFrames frames, FrameContractChecker checker, int total) {
            this.port = port;
            this.token = token;
            this.frames = frames;
            this.checker = checker;
            this.total = total;
        }

        void run() throws Exception {
            connect();
            try {
                while (sent < total) {
                    int batch = frames.batchSize();
                    List<Frame> inFlight = new ArrayList<>();
                    boolean closed = false;
                    for (int i = 0; i < batch && sent < total; i++) {
                        Frame frame = frames.next();
                        checker.sending(frame);
                        sent++;
                        try {
                            ws.send(frame.opcode(), frame.bytes());
                        } catch (IOException gone) {
                            closed = true;
                        }
                        inFlight.add(frame);
                        if (closed) {
                            break;
                        }
                    }
                    if (!closed && inFlight.stream().anyMatch(f -> !FrameContractChecker.expectsReply(f))) {
                        // Frames that get no reply (binary) or end the connection (unreadable): a ping tells.
                        Frame ping = frames.ping();
                        try {
                            ws.send(ping.opcode(), ping.bytes());
                        } catch (IOException gone) {
                            closed = true;
                        }
                        inFlight.add(ping);
                    }
                    closed = checker.collect(ws, inFlight, unacked) || closed;
                    if (closed) {
                        connect();
                    }
                }
                resendUnacked();
            } finally {
                ws.close();
                checker.closed();
            }
        }

        private void connect() throws IOException {
            if (ws != null) {
                ws.close();
                checker.closed();
            }
            ws = RawWs.connect(port, token);
            checker.connected();
            Frames.assertWelcome(ws);
        }

        private void resendUnacked() throws IOException {
            for (UUID clientMsgId : new ArrayList<>(unacked)) {
                if (checker.isAcked(clientMsgId)) {
                    continue;
                }
                ws.sendText(frames.resend(clientMsgId));
                JsonNode node;
                do {
                    RawWs.Message reply = ws.read();
                    assertNotNull(reply);
                    node = JSON.readTree(reply.payload());
                } while ("message".equals(node.path("type").asText()));
                checker.resendAnswered(clientMsgId, node);
            }
        }
    }
}
