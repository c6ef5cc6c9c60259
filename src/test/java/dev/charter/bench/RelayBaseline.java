package dev.charter.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;

/**
 * Baseline (b), the transport ceiling: a bare Vert.x WebSocket relay with no auth, database or crypto.
 * It acks each send and forwards it to the sockets registered for its conversation (X-Conversation header),
 * so the same {@link ChatLoad} drives it as drives Charter.
 */
final class RelayBaseline implements AutoCloseable {

    private static final int PORT = 18_999;

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, List<ServerWebSocket>> rooms = new ConcurrentHashMap<>();

    RelayBaseline(int port) {
        server = vertx.createHttpServer().webSocketHandler(this::accept);
        server.listen(port, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .join();
    }

    /** Delivered msgs/s through the bare relay when {@code rate} sends/s are offered to {@code pairs} conversations. */
    static double throughput(int rate, int pairs, Duration duration) throws InterruptedException {
        try (RelayBaseline relay = new RelayBaseline(PORT);
                ChatLoad load = new ChatLoad(PORT)) {
            ChatLoad.Outcome outcome = load.run(rooms(pairs), rate, duration, 16);
            return outcome.delivered() / outcome.seconds();
        }
    }

    /** send->deliver through the bare relay at {@code rate}: what transport and generator alone cost on this box. */
    static Histogram latency(int rate, int pairs, Duration duration) throws InterruptedException {
        try (RelayBaseline relay = new RelayBaseline(PORT);
                ChatLoad load = new ChatLoad(PORT)) {
            List<ChatLoad.Room> rooms = rooms(pairs);
            load.run(rooms, Math.min(rate, 1_000), Duration.ofSeconds(2), 16); // the relay's own warm-up
            return load.run(rooms, rate, duration, 16).deliverLatency();
        }
    }

    private static List<ChatLoad.Room> rooms(int pairs) {
        List<ChatLoad.Room> rooms = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            rooms.add(new ChatLoad.Room(UUID.randomUUID(), "relay", List.of("relay")));
        }
        return rooms;
    }

    private void accept(ServerWebSocket ws) {
        String conversation = ws.headers().get("X-Conversation");
        boolean[] registered = {false};
        ws.textMessageHandler(text -> {
            JsonObject frame = new JsonObject(text);
            if (!"send".equals(frame.getString("type"))) {
                return;
            }
            ws.writeTextMessage("{\"type\":\"ack\",\"ref\":\"" + frame.getString("ref") + "\"}");
            String message = "{\"type\":\"message\",\"conversation\":\"" + frame.getString("conversation")
                    + "\",\"text\":\"" + frame.getString("text") + "\"}";
            for (ServerWebSocket member : rooms.getOrDefault(frame.getString("conversation"), List.of())) {
                if (member != ws) {
                    member.writeTextMessage(message);
                }
            }
        });
        if (conversation != null && !registered[0]) {
            rooms.computeIfAbsent(conversation, c -> new CopyOnWriteArrayList<>())
                    .add(ws);
            registered[0] = true;
            ws.closeHandler(v -> rooms.get(conversation).remove(ws));
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
