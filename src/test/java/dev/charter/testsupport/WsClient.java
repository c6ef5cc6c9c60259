package dev.charter.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client (the JDK's) that records every frame it receives. */
public final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    /** Frames received and not yet consumed by an {@code await}, oldest first. */
    private final List<JsonNode> frames = new ArrayList<>();

    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private WsClient(URI uri, WebSocket.Builder builder) {
        Listener listener = new Listener();
        this.socket = builder.buildAsync(uri, listener).join();
    }

    public static URI uri(int port) {
        return URI.create("ws://localhost:" + port + "/v1/ws");
    }

    /** Connects with {@code Authorization: Bearer <token>}. */
    public static WsClient connect(int port, String token) {
        return new WsClient(
                uri(port),
                HTTP.newWebSocketBuilder()
                        .header("Authorization", "Bearer " + token)
                        .connectTimeout(Duration.ofSeconds(10)));
    }

    /** Connects to the test instance as the token's user and consumes the {@code welcome}. */
    public static WsClient open(String token) {
        WsClient ws = connect(RestAssured.port, token);
        ws.awaitType("welcome");
        return ws;
    }

    /** The HTTP status the handshake was refused with; fails if the upgrade succeeded. */
    public static int refusedStatus(URI uri, String authorization) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        try {
            WebSocket ws = builder.buildAsync(uri, new WebSocket.Listener() {}).join();
            ws.abort();
            throw new AssertionError("the handshake was accepted");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    public WsClient send(String rawFrame) {
        socket.sendText(rawFrame, true).join();
        return this;
    }

    public WsClient send(ObjectNode frame) {
        return send(frame.toString());
    }

    public static ObjectNode frame(String type, String ref) {
        ObjectNode node = JSON.createObjectNode().put("type", type);
        if (ref != null) {
            node.put("ref", ref);
        }
        return node;
    }

    /** The oldest unconsumed frame matching {@code predicate}; other frames stay for later awaits. */
    public JsonNode await(Predicate<JsonNode> predicate) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        synchronized (frames) {
            while (true) {
                for (int i = 0; i < frames.size(); i++) {
                    if (predicate.test(frames.get(i))) {
                        return frames.remove(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching frame within 15s");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(frames, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    public JsonNode awaitType(String type) {
        return await(f -> type.equals(f.path("type").asText()));
    }

    public JsonNode awaitRef(String ref) {
        return await(f -> ref.equals(f.path("ref").asText()));
    }

    /** After waiting {@code quiet}, every unconsumed frame of a type (used to prove something did NOT arrive). */
    public List<JsonNode> drain(String type, Duration quiet) {
        try {
            Thread.sleep(quiet.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (frames) {
            List<JsonNode> matching = new ArrayList<>();
            frames.removeIf(frame -> {
                boolean match = type.equals(frame.path("type").asText());
                if (match) {
                    matching.add(frame);
                }
                return match;
            });
            return matching;
        }
    }

    /** The close code the server sent, waiting up to 15 s. */
    public int awaitClose() {
        try {
            return closed.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection", e);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode frame = JSON.readTree(partial.toString());
                    synchronized (frames) {
                        frames.add(frame);
                        frames.notifyAll();
                    }
                } catch (Exception e) {
                    throw new AssertionError("server sent a frame that is not JSON", e);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
