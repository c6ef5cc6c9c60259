package dev.charter.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Many WebSocket clients at once: handshakes run asynchronously with a bounded number in flight, and clients
 * bind to several loopback source addresses (127.0.0.1-4) so that more than one address's ~28k ephemeral
 * ports can be used against one server port.
 */
final class Sockets implements AutoCloseable {

    static final int PER_SOURCE = 25_000;
    private static final int IN_FLIGHT = 256;

    private final Vertx vertx = Vertx.vertx();
    private final List<HttpClient> clients = new ArrayList<>();
    private final int port;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

    Sockets(int port) {
        this.port = port;
        for (int i = 1; i <= 4; i++) {
            clients.add(vertx.createHttpClient(new HttpClientOptions()
                    .setLocalAddress("127.0.0." + i)
                    .setMaxWebSockets(PER_SOURCE + 1_000)
                    .setMaxWebSocketMessageSize(1 << 20)
                    .setConnectTimeout(30_000)));
        }
    }

    /** Opens the {@code index}-th client; completes with the socket once upgraded (or exceptionally). */
    CompletableFuture<WebSocket> open(int index, String token, Consumer<JsonObject> onFrame) {
        CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opened.completeExceptionally(e);
            return opened;
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/v1/ws")
                .addHeader("Authorization", "Bearer " + token);
        clients.get(Math.min(clients.size() - 1, index / PER_SOURCE))
                .webSocket(options)
                .onComplete(result -> {
                    inFlight.release();
                    if (result.succeeded()) {
                        result.result().textMessageHandler(text -> onFrame.accept(new JsonObject(text)));
                        opened.complete(result.result());
                    } else {
                        opened.completeExceptionally(result.cause());
                    }
                });
        return opened;
    }

    Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
