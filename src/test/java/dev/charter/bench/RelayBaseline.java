package dev.charter.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Baseline (b), the transport ceiling: a bare Vert.x WebSocket relay with no auth, database or crypto.
 * It acks each send and forwards it to the sockets registered for its conversation (X-Conversation header),
 * so the same {@link ChatLoad} drives it as drives Charter.
 */
final class RelayBaseline implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, List<ServerWebSocket>> rooms = new ConcurrentHashMap<>();

    RelayBaseline(int port) {
        server = vertx.createHttpServer().webSocketHandler(this::accept);
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    private void accept(ServerWebSocket ws) {
        String conversation = ws.headers().get("X-Conversation");
        boolean[] registered = { false };
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
            rooms.computeIfAbsent(conversation, c -> new CopyOnWriteArrayList<>()).add(ws);
            registered[0] = true;
            ws.closeHandler(v -> rooms.get(conversation).remove(ws));
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
