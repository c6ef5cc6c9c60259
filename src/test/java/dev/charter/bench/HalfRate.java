package dev.charter.bench;

import dev.charter.testsupport.Db;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Durable 1:1 sends at the latency target's rate ({@code bench.halfRate}): send-to-deliver latency, where it goes
 * inside the server, and its two floors on this box (INSERTs committed at the same rate, the bare relay).
 */
final class HalfRate implements Scenario.OneRow<SharedApp> {

    @Override
    public String name() {
        return "half";
    }

    /** Runs after the saturated run ({@code durable}) too, or alone ({@code half}). */
    @Override
    public boolean selected(Selection selection) {
        return selection.includes("durable") || selection.includes(name());
    }

    @Override
    public ScenarioResult run(SharedApp app) throws Exception {
        Bench bench = app.bench();
        int halfRate = bench.halfRate();
        ServerProbe probe = app.probe();
        if (!bench.selection().includes("durable")) {
            // Alone, the latency run gets the JIT warm-up the saturated run would have given it: after
            // 5 s the server's C2 compiler threads still took 0.4 of the two cores through the run.
            app.load().run(app.direct(), halfRate, Duration.ofSeconds(20), 16);
        }
        app.settle();
        ServerMetrics beforeHalf = ServerMetrics.scrape(app.managementPort());
        long transactions0 = postgresTransactions();
        double halfCpu0 = probe.cpuSeconds();
        double halfGenerator0 = ServerProbe.GENERATOR.cpuSeconds();
        double halfPostgres0 = ServerProbe.postgresCpuSeconds();
        ChatLoad.Outcome half = app.load().run(app.direct(), halfRate, bench.duration(), 16);
        double halfCpu = probe.cpuSeconds() - halfCpu0;
        Map<String, Object> halfExtra = app.extra(half, halfCpu);
        // Against the saturated run's: smaller group commits and emptier event-loop turns cost more each.
        halfExtra.put("server_cpu_us_per_acked_msg", ScenarioResult.round(halfCpu * 1e6 / Math.max(1, half.acked())));
        // How busy the two cores were: a latency tail on a box near full is mostly waits for a core.
        double halfGenerator = ServerProbe.GENERATOR.cpuSeconds() - halfGenerator0;
        double halfPostgres = ServerProbe.postgresCpuSeconds() - halfPostgres0;
        halfExtra.put("generator_cpu_seconds", ScenarioResult.round(halfGenerator));
        halfExtra.put("postgres_cpu_seconds", ScenarioResult.round(halfPostgres));
        halfExtra.put("cores_busy", ScenarioResult.round((halfCpu + halfGenerator + halfPostgres) / half.seconds()));
        // Group commits and every lookup the caches did not answer: with many senders, cache lifetimes
        // show here first (PostgreSQL's statistics lag a second behind, a few per cent of the run).
        halfExtra.put(
                "postgres_transactions_per_1000_msgs",
                ScenarioResult.round((postgresTransactions() - transactions0) * 1000.0 / Math.max(1, half.acked())));
        // How much of the tail is the group commit itself (keys, transaction, COMMIT) inside the server.
        ServerMetrics afterHalf = ServerMetrics.scrape(app.managementPort());
        for (double q : new double[] {0.5, 0.99}) {
            String suffix = q == 0.5 ? "_p50_ms" : "_p99_ms";
            double batch = ServerMetrics.quantileMs(beforeHalf, afterHalf, "charter_send_batch_duration_seconds", q);
            halfExtra.put("server_batch" + suffix, Double.isNaN(batch) ? null : ScenarioResult.round(batch));
            double server = ServerMetrics.quantileMs(beforeHalf, afterHalf, "charter_send_duration_seconds", q);
            halfExtra.put("server_send" + suffix, Double.isNaN(server) ? null : ScenarioResult.round(server));
            double wait = ServerMetrics.quantileMs(beforeHalf, afterHalf, "charter_send_queue_wait_seconds", q);
            halfExtra.put("server_queue_wait" + suffix, Double.isNaN(wait) ? null : ScenarioResult.round(wait));
        }
        // The batch's phases: the database's two round trips against the server's own work around them.
        for (String phase : List.of("keys", "reserve", "seal", "commit", "release")) {
            double p99 = ServerMetrics.quantileMs(
                    beforeHalf, afterHalf, "charter_send_batch_phase_seconds", "phase=\"" + phase + "\"", 0.99);
            double p50 = ServerMetrics.quantileMs(
                    beforeHalf, afterHalf, "charter_send_batch_phase_seconds", "phase=\"" + phase + "\"", 0.5);
            halfExtra.put(
                    "server_" + phase + "_p50_p99_ms",
                    Double.isNaN(p99) ? null : ScenarioResult.round(p50) + "/" + ScenarioResult.round(p99));
        }
        // The floor under that latency: the same rate of rows group-committed by plain INSERTs, nothing else,
        // with as many writers and as large batches as Charter's default lanes (MessagingConfig).
        Histogram commitFloor =
                PgBatchBaseline.commitLatency(PgBatchBaseline.benchDatabase(), 2, 512, 32, halfRate, bench.duration());
        halfExtra.put("insert_commit_p50_ms", ScenarioResult.round(commitFloor.getValueAtPercentile(50) / 1e6));
        halfExtra.put("insert_commit_p99_ms", ScenarioResult.round(commitFloor.getValueAtPercentile(99) / 1e6));
        // The other floor: the same frames at the same rate through the bare relay (the generator's own
        // sockets and loops on these cores, the loopback, no server work).
        Histogram relayFloor = RelayBaseline.latency(halfRate, bench.pairs(), bench.duration());
        halfExtra.put("relay_deliver_p50_ms", ScenarioResult.round(relayFloor.getValueAtPercentile(50) / 1e6));
        halfExtra.put("relay_deliver_p99_ms", ScenarioResult.round(relayFloor.getValueAtPercentile(99) / 1e6));
        return new ScenarioResult(
                "durable_1to1_half_rate_deliver",
                half.delivered() / half.seconds(),
                "delivered msgs/s",
                half.deliverLatency(),
                "bare Vert.x WebSocket relay",
                app.relayThroughput(),
                halfExtra);
    }

    /** Transactions committed or rolled back in the bench database, as PostgreSQL's statistics have them so far. */
    private static long postgresTransactions() {
        return Db.count("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()");
    }
}
