package dev.charter.bench;

import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Two regions on this machine, as in federation/TwoRegionsIT: Germany (eu-central-1, hosting) and the United States
 * (us-east-1, replica), each a packaged app with a fresh database of its own. Direct conversations between two German
 * users (same region, the baseline) and between a German host and an American member, in one run: send->ack and
 * send->deliver at a low rate (host member sends; replica member sends, forwarded to the host and delivered back
 * through the host's replica channel), then the throughput of each path at an offered rate above what it takes.
 * Opt-in ({@code -Dbench.only=federation}): two more apps and databases.
 */
final class Federation implements Scenario<Bench> {

    private static final String DE = "eu-central-1";
    private static final String US = "us-east-1";

    @Override
    public String name() {
        return "federation";
    }

    /** Only when named: not part of the default run. */
    @Override
    public boolean selected(Selection selection) {
        return selection.names().contains(name());
    }

    /**
     * {@code bench.federation.pairs} conversations per path (20); {@code bench.federation.rate} sends/s for the
     * latency runs (50: below what a replica member's forwarded sends take on this box); offered for the throughput
     * runs, {@code bench.federation.throughputRate} sends/s of the host's members (10,000) and
     * {@code bench.federation.forwardRate} of the replica's (500); each run {@code bench.federation.seconds} long (5).
     */
    @Override
    public List<ScenarioResult> rows(Bench bench) throws Exception {
        int pairs = Integer.getInteger("bench.federation.pairs", 20);
        int latencyRate = Integer.getInteger("bench.federation.rate", 50);
        int throughputRate = Integer.getInteger("bench.federation.throughputRate", 10_000);
        int forwardRate = Integer.getInteger("bench.federation.forwardRate", 500);
        Duration duration = Duration.ofSeconds(Integer.getInteger("bench.federation.seconds", 5));
        KeyPair deKey = ed25519();
        KeyPair usKey = ed25519();
        int dePort = AppProcess.freePort();
        int usPort = AppProcess.freePort();
        Map<String, String> de = region(bench, DE, "DE", "fed_de", usPort, deKey, US, usKey);
        Map<String, String> us = region(bench, US, "US", "fed_us", dePort, usKey, DE, deKey);
        // A German user's data may go to the United States only under a declared mechanism (docs/federation.md).
        de.put("CHARTER_TRANSFERS_IN_PLACE", "GDPR:US:dpf");
        List<String> jvmArgs = LoadHarness.appJvmArgs();
        try (AppProcess deApp = AppProcess.start(dePort, de, jvmArgs);
                AppProcess usApp = AppProcess.start(usPort, us, jvmArgs);
                ChatLoad local = new ChatLoad(dePort);
                ChatLoad hostToReplica = new ChatLoad(dePort, usPort);
                ChatLoad replicaToHost = new ChatLoad(usPort, dePort)) {
            List<ChatLoad.Room> localRooms = bench.conversations().directRooms(dePort, pairs);
            List<ChatLoad.Room> hostRooms = new ArrayList<>();
            List<ChatLoad.Room> replicaRooms = new ArrayList<>();
            for (Conversations.CrossRegion pair : bench.conversations().crossRegionPairs(dePort, usPort, "US", pairs)) {
                hostRooms.add(new ChatLoad.Room(pair.conversation(), pair.hostToken(), List.of(pair.memberToken())));
                replicaRooms.add(new ChatLoad.Room(pair.conversation(), pair.memberToken(), List.of(pair.hostToken())));
            }
            Route[] routes = {
                new Route("local", local, localRooms, throughputRate),
                new Route("host_to_replica", hostToReplica, hostRooms, throughputRate),
                new Route("replica_to_host", replicaToHost, replicaRooms, forwardRate)
            };
            ServerProbe deProbe = new ServerProbe(deApp.pid());
            ServerProbe usProbe = new ServerProbe(usApp.pid());
            for (Route route : routes) { // warm-up (JIT, caches, the peers' connections)
                route.load().run(route.rooms(), Math.min(1_000, route.offered() / 2), Duration.ofSeconds(3), 16);
            }
            List<ScenarioResult> results = new ArrayList<>();
            ChatLoad.Outcome[] latency = new ChatLoad.Outcome[routes.length];
            for (int i = 0; i < routes.length; i++) {
                settle(deProbe, usProbe);
                latency[i] = routes[i].load().run(routes[i].rooms(), latencyRate, duration, 16);
                results.add(row(routes[i].name() + "_deliver", latency[i], latency[0], null, null, latencyRate, pairs));
            }
            ChatLoad.Outcome[] saturated = new ChatLoad.Outcome[routes.length];
            for (int i = 0; i < routes.length; i++) {
                settle(deProbe, usProbe);
                double de0 = deProbe.cpuSeconds();
                double us0 = usProbe.cpuSeconds();
                saturated[i] = routes[i].load().run(routes[i].rooms(), routes[i].offered(), duration, 16);
                ScenarioResult result = row(
                        routes[i].name() + "_throughput",
                        saturated[i],
                        saturated[0],
                        deProbe.cpuSeconds() - de0,
                        usProbe.cpuSeconds() - us0,
                        routes[i].offered(),
                        pairs);
                results.add(result);
            }
            for (ScenarioResult r : results) {
                System.out.printf(
                        Locale.ROOT,
                        "%-42s ack p50/p99 %7.2f/%8.2f ms, deliver p50/p99 %7.2f/%8.2f ms, %8.0f acked/s,"
                                + " %8.0f delivered/s%n",
                        r.name(),
                        r.extra().get("send_to_ack_p50_ms"),
                        r.extra().get("send_to_ack_p99_ms"),
                        r.extra().get("send_to_deliver_p50_ms"),
                        r.extra().get("send_to_deliver_p99_ms"),
                        r.extra().get("acked_msgs_per_s"),
                        r.throughput());
            }
            return results;
        }
    }

    /** Who sends, on which app, to whom on which app, and the rate offered in its throughput run. */
    private record Route(String name, ChatLoad load, List<ChatLoad.Room> rooms, int offered) {}

    /**
     * One path's row: delivered msgs/s and send->deliver latency, with send->ack beside it, and each p50/p99 against
     * the same-region run of the same kind in this run ({@code local}).
     */
    private static ScenarioResult row(
            String path,
            ChatLoad.Outcome outcome,
            ChatLoad.Outcome local,
            Double deCpuSeconds,
            Double usCpuSeconds,
            int offered,
            int pairs) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("conversations", pairs);
        extra.put("offered_msgs_per_s", offered);
        extra.put("sent", outcome.sent());
        extra.put("acked", outcome.acked());
        extra.put("delivered", outcome.delivered());
        extra.put("errors", outcome.errors());
        extra.put("sockets_closed_by_server", outcome.closedByServer());
        extra.put("acked_msgs_per_s", ScenarioResult.round(outcome.acked() / outcome.ackSeconds()));
        putPercentiles(extra, "send_to_ack", outcome.ackLatency());
        putPercentiles(extra, "send_to_deliver", outcome.deliverLatency());
        if (outcome != local) {
            extra.put("send_to_ack_p50_ratio", ratio(outcome.ackLatency(), local.ackLatency(), 50));
            extra.put("send_to_ack_p99_ratio", ratio(outcome.ackLatency(), local.ackLatency(), 99));
            extra.put("send_to_deliver_p50_ratio", ratio(outcome.deliverLatency(), local.deliverLatency(), 50));
            extra.put("send_to_deliver_p99_ratio", ratio(outcome.deliverLatency(), local.deliverLatency(), 99));
        }
        if (deCpuSeconds != null) {
            // A run that took all it was offered bounds the path's throughput from below: offer more.
            extra.put("saturated", outcome.delivered() / outcome.seconds() < 0.97 * offered);
            extra.put("de_server_cpu_seconds", ScenarioResult.round(deCpuSeconds));
            extra.put("us_server_cpu_seconds", ScenarioResult.round(usCpuSeconds));
        }
        boolean baselined = deCpuSeconds != null && outcome != local;
        return new ScenarioResult(
                "federation_" + path,
                outcome.delivered() / outcome.seconds(),
                "delivered msgs/s",
                outcome.deliverLatency(),
                baselined ? "same-region direct, same run" : null,
                baselined ? local.delivered() / local.seconds() : null,
                extra);
    }

    private static void putPercentiles(Map<String, Object> extra, String prefix, Histogram latency) {
        extra.put(prefix + "_p50_ms", ScenarioResult.round(latency.getValueAtPercentile(50) / 1e6));
        extra.put(prefix + "_p99_ms", ScenarioResult.round(latency.getValueAtPercentile(99) / 1e6));
    }

    private static Double ratio(Histogram latency, Histogram baseline, double percentile) {
        long base = baseline.getValueAtPercentile(percentile);
        return base == 0 ? null : ScenarioResult.round((double) latency.getValueAtPercentile(percentile) / base);
    }

    /** Until both apps have worked off what an earlier run left queued (their replica channels included). */
    private static void settle(ServerProbe host, ServerProbe replica) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            double before = host.cpuSeconds() + replica.cpuSeconds();
            Thread.sleep(1_000);
            if (host.cpuSeconds() + replica.cpuSeconds() - before < 0.15) {
                return;
            }
        }
    }

    private static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /**
     * The bench's settings for one region: a fresh database named from the bench's ({@code <name>_fed_de}), a
     * ledger of its own, and the other region as its only peer.
     */
    private static Map<String, String> region(
            Bench bench,
            String name,
            String country,
            String suffix,
            int peerPort,
            KeyPair key,
            String peer,
            KeyPair peerKey)
            throws Exception {
        String db = System.getenv().getOrDefault("CHARTER_TEST_DB_NAME", "charter_bench") + "_" + suffix;
        try (Connection conn = Db.connect();
                Statement st = conn.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + db);
        }
        String jdbc = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        String base = jdbc.substring(0, jdbc.lastIndexOf('/') + 1);
        Path ledger = Path.of("target", "bench", "ledger-" + name);
        if (Files.exists(ledger)) {
            try (var files = Files.walk(ledger)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(ledger);
        Map<String, String> env = new LinkedHashMap<>(bench.appEnv());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", base + db);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", base.replace("jdbc:", "") + db);
        env.put("CHARTER_REGION", name);
        env.put("CHARTER_COUNTRIES", country);
        env.put("CHARTER_LEDGER_DIR", ledger.toAbsolutePath().toString());
        env.put("CHARTER_FEDERATION_PEERS", peer + "=http://127.0.0.1:" + peerPort);
        env.put(
                "CHARTER_FEDERATION_PRIVATE_KEY",
                Base64.getEncoder().encodeToString(key.getPrivate().getEncoded()));
        env.put(
                "CHARTER_FEDERATION_PEER_KEYS",
                peer + "="
                        + Base64.getEncoder().encodeToString(peerKey.getPublic().getEncoded()));
        return env;
    }
}
