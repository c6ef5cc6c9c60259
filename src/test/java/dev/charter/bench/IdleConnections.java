package dev.charter.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.charter.testsupport.Tokens;
import io.vertx.core.http.WebSocket;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Idle connections: how many authenticated WebSocket sessions the server holds, and what each costs in
 * resident memory and heap (measured after a full GC of the server before and after opening them all).
 */
final class IdleConnections implements Scenario.OneRow<SharedApp> {

    @Override
    public String name() {
        return "idle";
    }

    /** 100,000 connections of 100 users (2,000 in a quick run), fewer where the open-files limit is lower. */
    @Override
    public ScenarioResult run(SharedApp app) throws Exception {
        app.settle();
        long openFiles = openFilesLimit();
        int wanted = app.bench().quick() ? 2_000 : 100_000;
        int idle = (int) Math.min(wanted, openFiles - 2_500);
        List<String> idleUsers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            idleUsers.add(Tokens.user(Tokens.newUserId("bench-idle")));
        }
        return measure(
                app.port(),
                app.managementPort(),
                app.pid(),
                idle,
                idleUsers,
                idle < wanted
                        ? "open-files limit " + openFiles
                                + " (ulimit -n) for the server and the load generator on this machine"
                        : "none");
    }

    private static long openFilesLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 100_000;
    }

    private static ScenarioResult measure(
            int port, int managementPort, long pid, int connections, List<String> tokens, String limitNote)
            throws Exception {
        ServerProbe probe = new ServerProbe(pid);
        fullGc(pid);
        double rss0 = probe.rssMiB();
        double heap0 = heapBytes(managementPort, "jvm_memory_used_bytes");
        double committed0 = heapBytes(managementPort, "jvm_memory_committed_bytes");
        ConcurrentHistogram handshake = new ConcurrentHistogram(3);
        AtomicLong welcomed = new AtomicLong();
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>(connections);
        long start = System.nanoTime();
        try (Sockets sockets = new Sockets(port)) {
            for (int i = 0; i < connections; i++) {
                long began = System.nanoTime();
                opening.add(sockets.open(i, tokens.get(i % tokens.size()), frame -> {
                    if ("welcome".equals(frame.getString("type"))) {
                        handshake.recordValue(System.nanoTime() - began);
                        welcomed.incrementAndGet();
                    }
                }));
            }
            long failed = 0;
            for (CompletableFuture<WebSocket> future : opening) {
                try {
                    future.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    failed++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (welcomed.get() < connections - failed && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            fullGc(pid);
            double rss1 = probe.rssMiB();
            double heap1 = heapBytes(managementPort, "jvm_memory_used_bytes");
            double committed1 = heapBytes(managementPort, "jvm_memory_committed_bytes");
            long held = welcomed.get();
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("requested", connections);
            extra.put("held", held);
            extra.put("failed", failed);
            extra.put("open_seconds", ScenarioResult.round(seconds));
            // RSS counts the heap pages ever touched. When pages an earlier scenario touched held the new sockets (the
            // serial collector keeps its heap committed), RSS grew by less than the live heap did: no RSS per
            // connection from this run then.
            boolean pagesGrew = (rss1 - rss0) * 1024 * 1024 >= heap1 - heap0;
            extra.put(
                    "rss_bytes_per_connection",
                    pagesGrew ? Math.round((rss1 - rss0) * 1024 * 1024 / Math.max(1, held)) : null);
            if (!pagesGrew) {
                extra.put(
                        "rss_note",
                        "not measured: heap pages touched by earlier scenarios held the sockets"
                                + " (BENCH_ONLY=idle measures it)");
            }
            extra.put("heap_bytes_per_connection", Math.round((heap1 - heap0) / Math.max(1, held)));
            // RSS = heap the collector committed (live objects plus the headroom it keeps) + memory outside the heap.
            extra.put("heap_committed_bytes_per_connection", Math.round((committed1 - committed0) / Math.max(1, held)));
            // Only where the collector committed more heap for them (G1); the serial collector commits its initial
            // heap at start, so there the RSS growth is heap pages touched for the first time and memory outside it.
            extra.put(
                    "outside_heap_bytes_per_connection",
                    committed1 <= committed0
                            ? null
                            : Math.round(
                                    ((rss1 - rss0) * 1024 * 1024 - (committed1 - committed0)) / Math.max(1, held)));
            extra.put("server_rss_mib", ScenarioResult.round(rss1));
            extra.put("limited_by", limitNote);
            int hold = Integer.getInteger("bench.idle.holdSeconds", 0);
            if (hold > 0) {
                // Time to look inside the server while the sockets are open (jcmd <pid> GC.class_histogram).
                System.out.printf("holding %d idle connections for %d s (server pid %d)%n", held, hold, pid);
                Thread.sleep(hold * 1_000L);
            }
            opening.forEach(f -> f.thenAccept(WebSocket::close));
            return new ScenarioResult("idle_connections", held, "connections held", handshake, null, null, extra);
        }
    }

    /** Asks the server JVM for a full GC (jcmd), so memory readings compare like with like. */
    static void fullGc(long pid) throws Exception {
        String jcmd = System.getProperty("java.home") + "/bin/jcmd";
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor(30, TimeUnit.SECONDS);
        Thread.sleep(1_000);
    }

    /** A heap gauge of /q/metrics ({@code jvm_memory_used_bytes}, {@code jvm_memory_committed_bytes}), summed over the pools. */
    static double heapBytes(int port, String gauge) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith(gauge + "{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
