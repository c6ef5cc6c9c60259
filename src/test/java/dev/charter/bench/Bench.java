package dev.charter.bench;

import java.time.Duration;
import java.util.Map;

/**
 * The settings of one harness run, read by every scenario, and the REST calls that set up the conversations
 * they drive.
 *
 * @param appEnv the environment every app the harness starts runs with
 */
record Bench(
        boolean quick,
        Duration duration,
        int rate,
        int halfRate,
        int pairs,
        Map<String, String> appEnv,
        Scenario.Selection selection,
        Conversations conversations) {

    static Bench fromSystemProperties(boolean quick) {
        Duration duration = quick ? Duration.ofSeconds(5) : Duration.ofSeconds(20);
        // Offered above what the box takes, so the saturated 1:1 run shows the ceiling (the target is 20,000/s).
        int rate = Integer.getInteger("bench.rate", quick ? 2_000 : 25_000);
        // The latency target is at half the throughput target, whatever the saturating rate.
        int halfRate = Integer.getInteger("bench.halfRate", quick ? 1_000 : 10_000);
        // Few busy conversations by default, as in the results of docs/performance.md, so that runs compare; many
        // quiet ones are closer to a region's traffic, where each batch's seq reservation updates more rows.
        int pairs = Integer.getInteger("bench.pairs", quick ? 20 : 100);
        Map<String, String> env = Map.ofEntries(
                Map.entry("CHARTER_WS_SENDS_PER_SECOND", "10000000"),
                Map.entry("CHARTER_WS_SEND_BURST", "10000000"),
                Map.entry("CHARTER_WS_FRAMES_PER_SECOND", "10000000"),
                Map.entry("CHARTER_WS_FRAME_BURST", "10000000"),
                Map.entry("CHARTER_COUNTRIES", "*"),
                Map.entry("CHARTER_WS_MAX_CONNECTIONS_PER_USER", "10000000"),
                Map.entry("CHARTER_REST_RATE_LIMIT_PER_SECOND", "10000000"),
                Map.entry("CHARTER_REST_RATE_LIMIT_BURST", "10000000"),
                // Every run starts from an empty database, as the INSERT baseline's table does: numbers must not
                // depend on how many runs came before (a larger table and its indexes cost more per insert).
                Map.entry("QUARKUS_FLYWAY_CLEAN_DISABLED", "false"),
                Map.entry("QUARKUS_FLYWAY_CLEAN_AT_START", "true"));
        return new Bench(
                quick,
                duration,
                rate,
                halfRate,
                pairs,
                env,
                Scenario.Selection.fromSystemProperty(),
                new Conversations());
    }
}
