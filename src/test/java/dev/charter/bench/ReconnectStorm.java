package dev.charter.bench;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Reconnect storm: every client of many groups drops its connection at the same moment and reconnects at
 * once, while the groups keep receiving messages. Each client resumes with {@code sync afterSeq} from the
 * last seq it holds without a gap, as the contract tells clients to; at the end every client must hold every
 * acked seq of its group (zero loss). Latency: from the drop to the server's welcome on the new connection.
 */
final class ReconnectStorm implements Scenario.OneRow<SharedApp> {

    /** One group: its owner sends, its members listen. */
    record Group(UUID conversation, String ownerToken, List<String> memberTokens) {}

    private static final class Client {
        final String token;
        final Group group;
        final BitSet seqs = new BitSet();
        volatile WebSocket socket;
        volatile long droppedAt;
        final AtomicBoolean reopening = new AtomicBoolean();

        Client(String token, Group group) {
            this.token = token;
            this.group = group;
        }

        synchronized long contiguous() {
            return seqs.nextClearBit(1) - 1;
        }

        synchronized void saw(long seq) {
            seqs.set((int) seq);
        }

        synchronized long missingUpTo(long last) {
            long missing = 0;
            for (int seq = 1; seq <= last; seq++) {
                if (!seqs.get(seq)) {
                    missing++;
                }
            }
            return missing;
        }
    }

    @Override
    public String name() {
        return "storm";
    }

    /** Groups of 100 members (10 groups in a quick run, else 100), sent to at 500 messages/s (200 quick). */
    @Override
    public ScenarioResult run(SharedApp app) throws Exception {
        app.settle();
        boolean quick = app.bench().quick();
        return measure(
                app.port(),
                app.bench().conversations().stormGroups(app.port(), quick ? 10 : 100, 100),
                quick ? 200 : 500);
    }

    private static ScenarioResult measure(int port, List<Group> groups, int ratePerSecond) throws Exception {
        ConcurrentHistogram reconnect = new ConcurrentHistogram(3);
        AtomicLong welcomes = new AtomicLong();
        List<Client> clients = new ArrayList<>();
        groups.forEach(g -> g.memberTokens().forEach(t -> clients.add(new Client(t, g))));
        Map<UUID, AtomicLong> lastAcked = new LinkedHashMap<>();
        groups.forEach(g -> lastAcked.put(g.conversation(), new AtomicLong()));
        try (Sockets sockets = new Sockets(port);
                Reconnector reconnector = new Reconnector(sockets, clients)) {
            connectAll(sockets, clients, reconnect, welcomes, false);
            List<WebSocket> owners = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                Group group = groups.get(g);
                owners.add(sockets.open(clients.size() + g, group.ownerToken(), frame -> {
                            if ("ack".equals(frame.getString("type"))) {
                                lastAcked.get(group.conversation()).accumulateAndGet(frame.getLong("seq"), Math::max);
                            }
                        })
                        .get(30, TimeUnit.SECONDS));
            }
            AtomicLong sent = new AtomicLong();
            long interval = Math.max(1, 1_000_000_000L / ratePerSecond);
            long started = System.nanoTime();
            long timer = sockets.vertx().setPeriodic(5, id -> {
                long due = (System.nanoTime() - started) / interval;
                for (long i = sent.get(); i < due; i++) {
                    int g = (int) (i % groups.size());
                    owners.get(g)
                            .writeTextMessage(new JsonObject()
                                    .put("type", "send")
                                    .put("ref", "s" + i)
                                    .put(
                                            "conversation",
                                            groups.get(g).conversation().toString())
                                    .put("clientMsgId", UUID.randomUUID().toString())
                                    .put("text", "storm " + i)
                                    .encode());
                }
                sent.set(Math.max(sent.get(), due));
            });
            Thread.sleep(2_000);

            long stormStart = System.nanoTime();
            clients.forEach(c -> {
                c.droppedAt = System.nanoTime();
                c.socket.close();
            });
            welcomes.set(0);
            // A client the server closes after this (1008 as a slow consumer, when the generator falls behind on a
            // slow host) reconnects and syncs as a real client would; the count tells such runs apart.
            connectAll(sockets, clients, reconnect, welcomes, true);
            clients.forEach(reconnector::watch);
            while (welcomes.get() < clients.size() && System.nanoTime() - stormStart < TimeUnit.SECONDS.toNanos(120)) {
                Thread.sleep(20);
            }
            double stormSeconds = (System.nanoTime() - stormStart) / 1e9;
            Thread.sleep(3_000);
            sockets.vertx().cancelTimer(timer);
            Thread.sleep(2_000);

            long lost = settle(clients, lastAcked, Duration.ofSeconds(20));
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("clients", clients.size());
            extra.put("groups", groups.size());
            extra.put("messages_sent", sent.get());
            extra.put("reconnected", welcomes.get());
            extra.put("storm_seconds", ScenarioResult.round(stormSeconds));
            extra.put("lost_messages", lost);
            extra.put("sockets_closed_by_server", reconnector.closedByServer.get());
            extra.put("reconnected_after_server_close", reconnector.welcomesAfterReopen.get());
            reconnector.close();
            owners.forEach(WebSocket::close);
            clients.forEach(c -> c.socket.close());
            return new ScenarioResult(
                    "reconnect_storm_" + clients.size(),
                    welcomes.get() / stormSeconds,
                    "reconnects/s",
                    reconnect,
                    null,
                    null,
                    extra);
        }
    }

    /** Reopens, with a short pause, the socket of a client the server closed; stopped before the deliberate closes. */
    private static final class Reconnector implements AutoCloseable {
        final AtomicLong closedByServer = new AtomicLong();
        private final AtomicLong welcomesAfterReopen = new AtomicLong();
        private final AtomicBoolean active = new AtomicBoolean(true);
        /** Daemon: a reopen waiting for a handshake slot must not keep the harness alive after a failed run. */
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "storm-reconnector");
            thread.setDaemon(true);
            return thread;
        });

        private final Sockets sockets;
        private final List<Client> clients;

        Reconnector(Sockets sockets, List<Client> clients) {
            this.sockets = sockets;
            this.clients = clients;
        }

        void watch(Client client) {
            WebSocket socket = client.socket;
            try {
                socket.closeHandler(closed -> closed(client, socket));
            } catch (IllegalStateException alreadyClosed) {
                // Vert.x refuses a close handler on a closed socket: closed before it could be watched
                closed(client, socket);
            }
        }

        private void closed(Client client, WebSocket socket) {
            if (active.get() && client.socket == socket && client.reopening.compareAndSet(false, true)) {
                closedByServer.incrementAndGet();
                reopenSoon(client);
            }
        }

        private void reopenSoon(Client client) {
            if (active.get()) {
                executor.schedule(() -> reopen(client), 200, TimeUnit.MILLISECONDS);
            }
        }

        /** On the executor: {@link Sockets#open} may wait for a handshake slot. */
        private void reopen(Client client) {
            if (!active.get()) {
                return;
            }
            sockets.open(
                            clients.indexOf(client),
                            client.token,
                            frame -> onFrame(client, frame, null, welcomesAfterReopen, false))
                    .whenComplete((socket, failure) -> {
                        if (failure != null) {
                            reopenSoon(client);
                        } else {
                            client.socket = socket;
                            client.reopening.set(false);
                            watch(client);
                        }
                    });
        }

        /** Before the deliberate closes; a reopen already scheduled finds it inactive. */
        @Override
        public void close() {
            active.set(false);
            executor.shutdownNow();
        }
    }

    private static void connectAll(
            Sockets sockets, List<Client> clients, ConcurrentHistogram reconnect, AtomicLong welcomes, boolean measure)
            throws Exception {
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            Client client = clients.get(i);
            opening.add(sockets.open(i, client.token, frame -> onFrame(client, frame, reconnect, welcomes, measure))
                    .thenApply(ws -> {
                        client.socket = ws;
                        return ws;
                    }));
        }
        for (CompletableFuture<WebSocket> future : opening) {
            future.get(120, TimeUnit.SECONDS);
        }
    }

    private static void onFrame(
            Client client, JsonObject frame, ConcurrentHistogram reconnect, AtomicLong welcomes, boolean measure) {
        switch (frame.getString("type")) {
            case "welcome" -> {
                if (measure) {
                    reconnect.recordValue(System.nanoTime() - client.droppedAt);
                }
                welcomes.incrementAndGet();
                sync(client);
            }
            case "message" -> client.saw(frame.getLong("seq"));
            case "history" -> {
                JsonArray messages = frame.getJsonArray("messages");
                for (int i = 0; i < messages.size(); i++) {
                    client.saw(messages.getJsonObject(i).getLong("seq"));
                }
                if (Boolean.TRUE.equals(frame.getBoolean("hasMore"))) {
                    sync(client);
                }
            }
            default -> {}
        }
    }

    private static void sync(Client client) {
        WebSocket socket = client.socket;
        if (socket != null && !socket.isClosed()) {
            socket.writeTextMessage(new JsonObject()
                    .put("type", "sync")
                    .put("ref", "sync")
                    .put("conversation", client.group.conversation().toString())
                    .put("afterSeq", client.contiguous())
                    .put("limit", 500)
                    .encode());
        }
    }

    /** Waits until every client holds every acked seq of its group; returns how many are still missing. */
    private static long settle(List<Client> clients, Map<UUID, AtomicLong> lastAcked, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long missing;
        do {
            missing = 0;
            for (Client c : clients) {
                long gap = c.missingUpTo(lastAcked.get(c.group.conversation()).get());
                if (gap > 0) {
                    sync(c);
                }
                missing += gap;
            }
            if (missing > 0) {
                Thread.sleep(500);
            }
        } while (missing > 0 && System.nanoTime() < deadline);
        return missing;
    }
}
