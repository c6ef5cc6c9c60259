package dev.charter.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Real WebSocket clients (Vert.x) driving a chat server open-loop: sends are scheduled at fixed intended
 * times and latency is measured from the intended time, so a slow server cannot hide its queueing
 * (no coordinated omission). Works against Charter and against the bare relay baseline alike.
 */
final class ChatLoad implements AutoCloseable {

    /** A sender and its receivers sharing one conversation. */
    record Room(UUID conversation, String senderToken, List<String> receiverTokens) {}

    /**
     * @param seconds from the first send until the last ack and delivery (or the wait for them ended)
     * @param ackSeconds from the first send until the last ack: where deliveries lag far behind the acks (another
     *     region's replica), the acked throughput
     */
    record Outcome(
            long sent,
            long acked,
            long delivered,
            long errors,
            long closedByServer,
            double seconds,
            double ackSeconds,
            Histogram ackLatency,
            Histogram deliverLatency) {}

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = vertx.createHttpClient(new HttpClientOptions()
            .setMaxPoolSize(100_000)
            .setMaxWebSockets(100_000)
            .setMaxWebSocketMessageSize(1 << 20));
    private final int senderPort;
    private final int receiverPort;

    ChatLoad(int port) {
        this(port, port);
    }

    /** Senders on one app and receivers on another: members of one conversation in two regions. */
    ChatLoad(int senderPort, int receiverPort) {
        this.senderPort = senderPort;
        this.receiverPort = receiverPort;
    }

    WebSocket connect(String token, UUID conversation, Consumer<String> onFrame) {
        return connect(senderPort, token, conversation, onFrame);
    }

    private WebSocket connect(int port, String token, UUID conversation, Consumer<String> onFrame) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/v1/ws")
                .addHeader("Authorization", "Bearer " + token)
                .addHeader("X-Conversation", conversation.toString());
        CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        client.webSocket(options)
                .onSuccess(ws -> {
                    ws.textMessageHandler(onFrame::accept);
                    opened.complete(ws);
                })
                .onFailure(opened::completeExceptionally);
        try {
            return opened.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect", e);
        }
    }

    /**
     * Sends {@code rate} messages per second for {@code duration}, spread over the rooms, and waits for
     * the stragglers. Text = "i" so receivers find the intended send time of message i.
     */
    Outcome run(List<Room> rooms, int rate, Duration duration, int textBytes) throws InterruptedException {
        long total = Math.max(1, (long) (rate * duration.toNanos() / 1e9));
        long interval = 1_000_000_000L / Math.max(1, rate);
        ConcurrentHistogram ackLatency = new ConcurrentHistogram(3);
        ConcurrentHistogram deliverLatency = new ConcurrentHistogram(3);
        AtomicLong acked = new AtomicLong();
        AtomicLong lastAck = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long expectedDeliveries = 0;
        long[] start = new long[1];
        String padding = "x".repeat(Math.max(0, textBytes - 12));
        // Sockets the server closed during the run (a slow consumer gets 1008): their frames are lost to it.
        AtomicLong closedByServer = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        // Messages of an earlier run still being delivered must not count (or be timed) in this one.
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);

        List<WebSocket> senders = new ArrayList<>();
        List<WebSocket> receivers = new ArrayList<>();
        for (Room room : rooms) {
            for (String token : room.receiverTokens()) {
                receivers.add(connect(receiverPort, token, room.conversation(), frame -> {
                    String text = field(frame, "text");
                    if ("message".equals(field(frame, "type")) && text != null && text.startsWith(run + ".")) {
                        long i = index(text);
                        deliverLatency.recordValue(Math.max(0, System.nanoTime() - (start[0] + i * interval)));
                        delivered.incrementAndGet();
                    }
                }));
            }
            senders.add(connect(senderPort, room.senderToken(), room.conversation(), frame -> {
                String type = field(frame, "type");
                String ref = field(frame, "ref");
                if ("ack".equals(type) && ref != null && ref.startsWith(run + ".")) {
                    long i = index(ref);
                    long now = System.nanoTime();
                    ackLatency.recordValue(Math.max(0, now - (start[0] + i * interval)));
                    lastAck.accumulateAndGet(now, Math::max);
                    acked.incrementAndGet();
                } else if ("error".equals(type)) {
                    errors.incrementAndGet();
                }
            }));
        }
        for (Room room : rooms) {
            expectedDeliveries += room.receiverTokens().size();
        }
        for (WebSocket socket : senders) {
            socket.closeHandler(closed -> countClose(closing, closedByServer));
        }
        for (WebSocket socket : receivers) {
            socket.closeHandler(closed -> countClose(closing, closedByServer));
        }
        expectedDeliveries = expectedDeliveries * total / rooms.size();
        Thread.sleep(500);

        start[0] = System.nanoTime();
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.setPeriodic(1, timer -> {
            long due = Math.min(total, (System.nanoTime() - start[0]) / interval + 1);
            for (long i = sent.get(); i < due; i++) {
                int r = (int) (i % rooms.size());
                String frame = "{\"type\":\"send\",\"ref\":\"" + run + "." + i + "\",\"conversation\":\""
                        + rooms.get(r).conversation() + "\",\"clientMsgId\":\"" + UUID.randomUUID()
                        + "\",\"text\":\"" + run + "." + i + " " + padding + "\"}";
                senders.get(r).writeTextMessage(frame);
            }
            sent.set(due);
            if (due >= total) {
                vertx.cancelTimer(timer);
                done.complete(null);
            }
        });
        try {
            done.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // Long enough for a saturated run's backlog to drain, so every send is counted (acked/s over the whole time).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((acked.get() + errors.get() < total || delivered.get() < expectedDeliveries)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start[0]) / 1e9;
        closing.set(true);
        senders.forEach(WebSocket::close);
        receivers.forEach(WebSocket::close);
        return new Outcome(
                total,
                acked.get(),
                delivered.get(),
                errors.get(),
                closedByServer.get(),
                seconds,
                lastAck.get() == 0 ? seconds : (lastAck.get() - start[0]) / 1e9,
                ackLatency,
                deliverLatency);
    }

    /**
     * A top-level string field of a frame. The generator shares the cores with the server, so it reads the
     * few fields it needs without building a JSON tree; anything unusual (escapes) goes through the parser.
     */
    static String field(String frame, String name) {
        String key = "\"" + name + "\":\"";
        int at = frame.indexOf(key);
        if (at < 0) {
            return frame.contains("\"" + name + "\"") ? new JsonObject(frame).getString(name) : null;
        }
        int from = at + key.length();
        int end = frame.indexOf('"', from);
        if (end < 0 || frame.lastIndexOf('\\', end) >= from) {
            return new JsonObject(frame).getString(name);
        }
        return frame.substring(from, end);
    }

    private static void countClose(java.util.concurrent.atomic.AtomicBoolean closing, AtomicLong closedByServer) {
        if (!closing.get()) {
            closedByServer.incrementAndGet();
        }
    }

    /** {@code "<run>.<i> padding"} (text) or {@code "<run>.<i>"} (ref) -> i. */
    private static long index(String text) {
        int dot = text.indexOf('.');
        int space = text.indexOf(' ');
        return Long.parseLong(space < 0 ? text.substring(dot + 1) : text.substring(dot + 1, space));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
