package dev.charter.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The app the scenarios share (started once by {@link LoadHarness}), the baselines measured on this machine
 * before any load reached it, and the warmed-up 1:1 conversations.
 *
 * @param probe CPU and memory of the app's process
 * @param direct the 1:1 conversations ({@link Bench#pairs()}), warmed up
 * @param insertCeiling rows/s of plain batched INSERTs (baseline a)
 * @param baselinePostgresCpuUsPerRow PostgreSQL's own CPU per row when nothing but those INSERTs reach it
 * @param relayThroughput delivered msgs/s of the bare WebSocket relay (baseline b)
 */
record SharedApp(
        Bench bench,
        int port,
        int managementPort,
        long pid,
        ChatLoad load,
        ServerProbe probe,
        List<ChatLoad.Room> direct,
        double insertCeiling,
        double baselinePostgresCpuUsPerRow,
        double relayThroughput) {

    /** Measures the baselines, then creates and warms up the 1:1 conversations on the app at {@code port}. */
    static SharedApp prepare(Bench bench, int port, int managementPort, long pid, ChatLoad load) throws Exception {
        Duration duration = bench.duration();
        double postgresBefore = ServerProbe.postgresCpuSeconds();
        // Four writers of 256 rows: the baseline every ratio in docs/performance.md is measured against, kept so
        // that ratios compare across runs (Charter's own default is two lanes of 512, MessagingConfig).
        double ceiling = PgBatchBaseline.rowsPerSecond(PgBatchBaseline.benchDatabase(), 4, 256, 32, duration);
        // PostgreSQL's own CPU per row when nothing but INSERTs reach it (the baseline's ~duration of rows).
        double baselinePostgresUsPerRow =
                (ServerProbe.postgresCpuSeconds() - postgresBefore) * 1e6 / Math.max(1, ceiling * duration.toSeconds());
        // Offered well above what Charter can take, so the relay shows its own ceiling (it took all of three
        // times the 1:1 rate on this host's fast days).
        int relayRate = Integer.getInteger("bench.relayRate", bench.quick() ? bench.rate() * 3 : 150_000);
        double transport = RelayBaseline.throughput(relayRate, bench.pairs(), duration);
        if (transport >= 0.97 * relayRate) {
            System.out.printf(
                    Locale.ROOT,
                    "the relay took %.0f of the %d msgs/s offered: not saturated, so the"
                            + " ratios against it are upper bounds (raise BENCH_RELAY_RATE)%n",
                    transport,
                    relayRate);
        }
        ServerProbe probe = new ServerProbe(pid);
        List<ChatLoad.Room> direct = bench.conversations().directRooms(port, bench.pairs());
        load.run(direct, Math.min(bench.rate(), 1_000), Duration.ofSeconds(2), 16); // warm-up (JIT, caches)
        return new SharedApp(
                bench, port, managementPort, pid, load, probe, direct, ceiling, baselinePostgresUsPerRow, transport);
    }

    /** Waits until the server has worked off what an earlier (overloaded) scenario left queued. */
    void settle() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            double before = probe.cpuSeconds();
            Thread.sleep(1_000);
            if (probe.cpuSeconds() - before < 0.1) {
                return;
            }
        }
    }

    /** The columns every load run reports: its counts, its p99s, and the server's CPU and memory. */
    Map<String, Object> extra(ChatLoad.Outcome outcome, double cpuSeconds) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("sent", outcome.sent());
        extra.put("acked", outcome.acked());
        extra.put("delivered", outcome.delivered());
        extra.put("errors", outcome.errors());
        extra.put("sockets_closed_by_server", outcome.closedByServer());
        extra.put(
                "send_to_ack_p99_ms", ScenarioResult.round(outcome.ackLatency().getValueAtPercentile(99) / 1e6));
        extra.put(
                "send_to_deliver_p99_ms",
                ScenarioResult.round(outcome.deliverLatency().getValueAtPercentile(99) / 1e6));
        extra.put("server_cpu_seconds", Double.isNaN(cpuSeconds) ? null : ScenarioResult.round(cpuSeconds));
        extra.put("server_rss_mib", ScenarioResult.round(probe.rssMiB()));
        return extra;
    }
}
