package dev.charter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The load harness (scripts/bench.sh): starts the packaged app, drives it with real WebSocket clients,
 * measures the baselines in the same run, and writes a table, target/bench/results.json and a latency plot.
 * Load generator and server share this machine, so every number is relative to that machine.
 */
public final class LoadHarness {

    private static final ServerProbe GENERATOR = new ServerProbe(ProcessHandle.current().pid());
    private final boolean quick;
    private final Duration duration;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ScenarioResult> results = new ArrayList<>();

    private LoadHarness(boolean quick) {
        this.quick = quick;
        this.duration = quick ? Duration.ofSeconds(5) : Duration.ofSeconds(20);
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        new LoadHarness(quick).runAll();
        System.exit(0);
    }

    private void runAll() throws Exception {
        // Offered above what the box takes, so the saturated 1:1 run shows the ceiling (the target is 20,000/s).
        int rate = Integer.getInteger("bench.rate", quick ? 2_000 : 25_000);
        // The latency target is at half the throughput target, whatever the saturating rate.
        int halfRate = Integer.getInteger("bench.halfRate", quick ? 1_000 : 10_000);
        // Few busy conversations by default (the numbers of earlier sessions); many quiet ones are closer to a
        // region's traffic, where each batch's seq reservation updates more rows.
        int pairs = Integer.getInteger("bench.pairs", quick ? 20 : 100);
        int port = AppProcess.freePort();
        Map<String, String> env = Map.of("CHARTER_WS_SENDS_PER_SECOND", "10000000", "CHARTER_WS_SEND_BURST", "10000000",
                "CHARTER_COUNTRIES", "*", "CHARTER_WS_MAX_CONNECTIONS_PER_USER", "10000000",
                "CHARTER_REST_RATE_LIMIT_PER_SECOND", "10000000", "CHARTER_REST_RATE_LIMIT_BURST", "10000000",
                // Every run starts from an empty database, as the INSERT baseline's table does: numbers must not
                // depend on how many runs came before (a larger table and its indexes cost more per insert).
                "QUARKUS_FLYWAY_CLEAN_DISABLED", "false", "QUARKUS_FLYWAY_CLEAN_AT_START", "true");
        // The app starts first: it migrates the bench database the INSERT baseline copies its table from.
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx1g"));
        // e.g. -Dbench.app.jvmArgs="-XX:StartFlightRecording=filename=target/bench/app.jfr,settings=profile"
        String extraArgs = System.getProperty("bench.app.jvmArgs", "").trim();
        if (!extraArgs.isEmpty()) {
            jvmArgs.addAll(List.of(extraArgs.split("\\s+")));
        }
        // The serial collector unless the options choose one (-XX:+UseG1GC): the production build is a GraalVM
        // native image, whose collector is a serial one too, and on this box it costs the server 15-25 % less CPU
        // per message than G1 (docs/performance.md).
        if (jvmArgs.stream().noneMatch(arg -> arg.matches("-XX:\\+Use\\w+GC"))) {
            jvmArgs.add("-XX:+UseSerialGC");
        }
        try (AppProcess app = AppProcess.start(port, env, jvmArgs); ChatLoad load = new ChatLoad(port)) {
            double postgresBefore = ServerProbe.postgresCpuSeconds();
            // Four writers of 256 rows, as in every session's runs, so that ratios compare across sessions (Charter
            // itself has used two lanes of 512 since session 11).
            double ceiling = PgBatchBaseline.rowsPerSecond(pgOptions(), 4, 256, 32, duration);
            // PostgreSQL's own CPU per row when nothing but INSERTs reach it (the baseline's ~duration of rows).
            double baselinePostgresUsPerRow = (ServerProbe.postgresCpuSeconds() - postgresBefore) * 1e6
                    / Math.max(1, ceiling * duration.toSeconds());
            // Offered well above what Charter can take, so the relay shows its own ceiling (it took all of three
            // times the 1:1 rate on this host's fast days).
            int relayRate = Integer.getInteger("bench.relayRate", quick ? rate * 3 : 150_000);
            double transport = relayThroughput(relayRate, pairs);
            if (transport >= 0.97 * relayRate) {
                System.out.printf(Locale.ROOT, "the relay took %.0f of the %d msgs/s offered: not saturated, so the"
                        + " ratios against it are upper bounds (raise BENCH_RELAY_RATE)%n", transport, relayRate);
            }
            ServerProbe probe = new ServerProbe(app.pid());
            List<ChatLoad.Room> direct = directRooms(port, pairs);
            load.run(direct, Math.min(rate, 1_000), Duration.ofSeconds(2), 16); // warm-up (JIT, caches)

            if (enabled("durable")) {
                double cpu0 = probe.cpuSeconds();
                double generator0 = GENERATOR.cpuSeconds();
                double[] batches0 = sendBatches(port);
                double allocated0 = ServerMetrics.scrape(port).value("jvm_gc_memory_allocated_bytes_total");
                double postgres0 = ServerProbe.postgresCpuSeconds();
                ChatLoad.Outcome full = load.run(direct, rate, duration, 16);
                double cpu = probe.cpuSeconds() - cpu0;
                double acked = full.acked() / full.seconds();
                Map<String, Object> fullExtra = extra(full, cpu, probe);
                // Only a run that fell short of the offered rate shows the box's ceiling; one that took all of it
                // (a fast phase of this host) bounds the ceiling and the ratio from below: offer more (BENCH_RATE).
                boolean saturated = acked < 0.97 * rate;
                fullExtra.put("offered_msgs_per_s", rate);
                fullExtra.put("saturated", saturated);
                if (!saturated) {
                    System.out.printf(Locale.ROOT, "durable_1to1 took %.0f of the %d msgs/s offered: not saturated,"
                            + " so its throughput and ratio are lower bounds (raise BENCH_RATE)%n", acked, rate);
                }
                // Where the two cores went: the server, the load generator (this JVM) and PostgreSQL.
                fullExtra.put("generator_cpu_seconds", ScenarioResult.round(GENERATOR.cpuSeconds() - generator0));
                fullExtra.put("postgres_cpu_seconds", ScenarioResult.round(ServerProbe.postgresCpuSeconds() - postgres0));
                fullExtra.put("server_cpu_us_per_acked_msg", ScenarioResult.round(cpu * 1e6 / Math.max(1, full.acked())));
                fullExtra.put("baseline_postgres_cpu_us_per_row", ScenarioResult.round(baselinePostgresUsPerRow));
                double[] batches = sendBatches(port);
                // Counted by the JVM at each young collection, so exact to within one young generation's worth.
                double allocated = ServerMetrics.scrape(port).value("jvm_gc_memory_allocated_bytes_total") - allocated0;
                fullExtra.put("server_alloc_bytes_per_acked_msg", Math.round(allocated / Math.max(1, full.acked())));
                fullExtra.put("mean_sends_per_commit", ScenarioResult.round((batches[1] - batches0[1])
                        / Math.max(1, batches[0] - batches0[0])));
                results.add(new ScenarioResult("durable_1to1", acked, "acked msgs/s", full.ackLatency(),
                        "plain batched INSERT (Vert.x PG client)", ceiling, fullExtra));
            }
            if (enabled("durable") || enabled("half")) {
                if (!enabled("durable")) {
                    // Alone, the latency run gets the JIT warm-up the saturated run would have given it: after
                    // 5 s the server's C2 compiler threads still took 0.4 of the two cores through the run.
                    load.run(direct, halfRate, Duration.ofSeconds(20), 16);
                }
                settle(probe);
                ServerMetrics beforeHalf = ServerMetrics.scrape(port);
                long transactions0 = postgresTransactions();
                double halfCpu0 = probe.cpuSeconds();
                double halfGenerator0 = GENERATOR.cpuSeconds();
                double halfPostgres0 = ServerProbe.postgresCpuSeconds();
                ChatLoad.Outcome half = load.run(direct, halfRate, duration, 16);
                double halfCpu = probe.cpuSeconds() - halfCpu0;
                Map<String, Object> halfExtra = extra(half, halfCpu, probe);
                // Against the saturated run's: smaller group commits and emptier event-loop turns cost more each.
                halfExtra.put("server_cpu_us_per_acked_msg", ScenarioResult.round(halfCpu * 1e6 / Math.max(1, half.acked())));
                // How busy the two cores were: a latency tail on a box near full is mostly waits for a core.
                double halfGenerator = GENERATOR.cpuSeconds() - halfGenerator0;
                double halfPostgres = ServerProbe.postgresCpuSeconds() - halfPostgres0;
                halfExtra.put("generator_cpu_seconds", ScenarioResult.round(halfGenerator));
                halfExtra.put("postgres_cpu_seconds", ScenarioResult.round(halfPostgres));
                halfExtra.put("cores_busy", ScenarioResult.round((halfCpu + halfGenerator + halfPostgres) / half.seconds()));
                // Group commits and every lookup the caches did not answer: with many senders, cache lifetimes
                // show here first (PostgreSQL's statistics lag a second behind, a few per cent of the run).
                halfExtra.put("postgres_transactions_per_1000_msgs", ScenarioResult.round(
                        (postgresTransactions() - transactions0) * 1000.0 / Math.max(1, half.acked())));
                // How much of the tail is the group commit itself (keys, transaction, COMMIT) inside the server.
                ServerMetrics afterHalf = ServerMetrics.scrape(port);
                for (double q : new double[] { 0.5, 0.99 }) {
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
                    double p99 = ServerMetrics.quantileMs(beforeHalf, afterHalf, "charter_send_batch_phase_seconds",
                            "phase=\"" + phase + "\"", 0.99);
                    double p50 = ServerMetrics.quantileMs(beforeHalf, afterHalf, "charter_send_batch_phase_seconds",
                            "phase=\"" + phase + "\"", 0.5);
                    halfExtra.put("server_" + phase + "_p50_p99_ms", Double.isNaN(p99) ? null
                            : ScenarioResult.round(p50) + "/" + ScenarioResult.round(p99));
                }
                // The floor under that latency: the same rate of rows group-committed by plain INSERTs, nothing else,
                // with as many writers and as large batches as Charter's default lanes (MessagingConfig).
                Histogram commitFloor = PgBatchBaseline.commitLatency(pgOptions(), 2, 512, 32, halfRate, duration);
                halfExtra.put("insert_commit_p50_ms", ScenarioResult.round(commitFloor.getValueAtPercentile(50) / 1e6));
                halfExtra.put("insert_commit_p99_ms", ScenarioResult.round(commitFloor.getValueAtPercentile(99) / 1e6));
                // The other floor: the same frames at the same rate through the bare relay (the generator's own
                // sockets and loops on these cores, the loopback, no server work).
                Histogram relayFloor = relayLatency(halfRate, pairs);
                halfExtra.put("relay_deliver_p50_ms", ScenarioResult.round(relayFloor.getValueAtPercentile(50) / 1e6));
                halfExtra.put("relay_deliver_p99_ms", ScenarioResult.round(relayFloor.getValueAtPercentile(99) / 1e6));
                results.add(new ScenarioResult("durable_1to1_half_rate_deliver", half.delivered() / half.seconds(),
                        "delivered msgs/s", half.deliverLatency(), "bare Vert.x WebSocket relay", transport, halfExtra));
            }
            if (enabled("fanout")) {
                int members = quick ? 20 : 100;
                List<ChatLoad.Room> group = groupRooms(port, quick ? 1 : 2, members);
                // The target is a latency at 150,000 deliveries/s: 1,500 sends/s into groups of 100
                // (BENCH_FANOUT_RATE offers more, to find the saturation point).
                int groupRate = Integer.getInteger("bench.fanout.rate", quick ? 100 : 1_500);
                // Its own warm-up: the fan-out's code paths are not the 1:1 warm-up's (JIT, the group's caches).
                load.run(group, groupRate / 2, Duration.ofSeconds(3), 16);
                settle(probe);
                double cpu1 = probe.cpuSeconds();
                ChatLoad.Outcome fanout = load.run(group, groupRate, duration, 16);
                results.add(new ScenarioResult("group_1to" + members + "_fanout", fanout.delivered() / fanout.seconds(),
                        "deliveries/s", fanout.deliverLatency(), "bare Vert.x WebSocket relay", transport,
                        extra(fanout, probe.cpuSeconds() - cpu1, probe)));
            }
            if (enabled("storm")) {
                settle(probe);
                results.add(ReconnectStorm.run(port, stormGroups(port, quick ? 10 : 100, 100), quick ? 200 : 500));
            }
            if (enabled("idle")) {
                settle(probe);
                long openFiles = openFilesLimit();
                int wanted = quick ? 2_000 : 100_000;
                int idle = (int) Math.min(wanted, openFiles - 2_500);
                List<String> idleUsers = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    idleUsers.add(Tokens.user(Tokens.newUserId("bench-idle")));
                }
                results.add(IdleConnections.run(port, app.pid(), idle, idleUsers, idle < wanted
                        ? "open-files limit " + openFiles + " (ulimit -n) for the server and the load generator on this machine"
                        : "none"));
            }
        }
        if (enabled("kms")) {
            results.add(KmsCallsScenario.run(env, quick ? 500 : 2_000, duration, kmsPort -> {
                try {
                    return directRooms(kmsPort, pairs);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Report.write(results, quick, Path.of("target", "bench"));
    }

    /**
     * {@code -Dbench.only=durable} (or a comma list of durable, half, fanout, storm, idle, kms) runs only those, for
     * profiling one path ({@code half} is the half-rate latency run alone, without the saturated one before it); a short 1:1 warm-up always runs first (JIT, caches).
     */
    private static boolean enabled(String scenario) {
        String only = System.getProperty("bench.only", "").trim();
        return only.isEmpty() || List.of(only.split(",")).contains(scenario);
    }

    private double relayThroughput(int rate, int pairs) throws InterruptedException {
        try (RelayBaseline relay = new RelayBaseline(18_999); ChatLoad load = new ChatLoad(18_999)) {
            List<ChatLoad.Room> rooms = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                rooms.add(new ChatLoad.Room(UUID.randomUUID(), "relay", List.of("relay")));
            }
            ChatLoad.Outcome outcome = load.run(rooms, rate, duration, 16);
            return outcome.delivered() / outcome.seconds();
        }
    }

    /** send->deliver through the bare relay at {@code rate}: what transport and generator alone cost on this box. */
    private Histogram relayLatency(int rate, int pairs) throws InterruptedException {
        try (RelayBaseline relay = new RelayBaseline(18_999); ChatLoad load = new ChatLoad(18_999)) {
            List<ChatLoad.Room> rooms = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                rooms.add(new ChatLoad.Room(UUID.randomUUID(), "relay", List.of("relay")));
            }
            load.run(rooms, Math.min(rate, 1_000), Duration.ofSeconds(2), 16); // the relay's own warm-up
            return load.run(rooms, rate, duration, 16).deliverLatency();
        }
    }

    /** {count, sum} of the server's charter_send_batch_size summary (sends committed per transaction). */
    private static double[] sendBatches(int port) {
        ServerMetrics metrics = ServerMetrics.scrape(port);
        return new double[] { metrics.value("charter_send_batch_size_count"), metrics.value("charter_send_batch_size_sum") };
    }

    /** Waits until the server has worked off what an earlier (overloaded) scenario left queued. */
    private static void settle(ServerProbe probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            double before = probe.cpuSeconds();
            Thread.sleep(1_000);
            if (probe.cpuSeconds() - before < 0.1) {
                return;
            }
        }
    }

    private static Map<String, Object> extra(ChatLoad.Outcome outcome, double cpuSeconds, ServerProbe probe) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("sent", outcome.sent());
        extra.put("acked", outcome.acked());
        extra.put("delivered", outcome.delivered());
        extra.put("errors", outcome.errors());
        extra.put("sockets_closed_by_server", outcome.closedByServer());
        extra.put("send_to_ack_p99_ms", ScenarioResult.round(outcome.ackLatency().getValueAtPercentile(99) / 1e6));
        extra.put("send_to_deliver_p99_ms",
                ScenarioResult.round(outcome.deliverLatency().getValueAtPercentile(99) / 1e6));
        extra.put("server_cpu_seconds", Double.isNaN(cpuSeconds) ? null : ScenarioResult.round(cpuSeconds));
        extra.put("server_rss_mib", ScenarioResult.round(probe.rssMiB()));
        return extra;
    }

    private List<ChatLoad.Room> directRooms(int port, int pairs) throws Exception {
        List<ChatLoad.Room> rooms = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            String alice = Tokens.newUserId("bench-a");
            String bob = Tokens.newUserId("bench-b");
            String aliceToken = Tokens.user(alice);
            String bobToken = Tokens.user(bob);
            call(port, bobToken, "GET", "/v1/conversations", null);
            String body = call(port, aliceToken, "POST", "/v1/conversations",
                    "{\"kind\":\"direct\",\"members\":[\"" + bob + "\"]}");
            rooms.add(new ChatLoad.Room(UUID.fromString(id(body)), aliceToken, List.of(bobToken)));
        }
        return rooms;
    }

    /** Groups of {@code members} registered users each (registered concurrently: a storm needs thousands). */
    private List<ReconnectStorm.Group> stormGroups(int port, int groups, int members) throws Exception {
        List<ReconnectStorm.Group> result = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String ownerToken = Tokens.user(Tokens.newUserId("storm-owner"));
            List<String> ids = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                String member = Tokens.newUserId("storm-m");
                ids.add("\"" + member + "\"");
                tokens.add(Tokens.user(member));
            }
            registerAll(port, tokens);
            String body = call(port, ownerToken, "POST", "/v1/conversations",
                    "{\"kind\":\"group\",\"title\":\"storm\",\"members\":[" + String.join(",", ids) + "]}");
            result.add(new ReconnectStorm.Group(UUID.fromString(id(body)), ownerToken, tokens));
        }
        return result;
    }

    private void registerAll(int port, List<String> tokens) {
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(32);
        List<java.util.concurrent.CompletableFuture<?>> calls = new ArrayList<>();
        for (String token : tokens) {
            inFlight.acquireUninterruptibly();
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/conversations"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> inFlight.release()));
        }
        calls.forEach(java.util.concurrent.CompletableFuture::join);
    }

    private static long openFilesLimit() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 100_000;
    }

    private List<ChatLoad.Room> groupRooms(int port, int groups, int members) throws Exception {
        List<ChatLoad.Room> rooms = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String owner = Tokens.newUserId("bench-owner");
            String ownerToken = Tokens.user(owner);
            List<String> ids = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                String member = Tokens.newUserId("bench-m");
                String token = Tokens.user(member);
                call(port, token, "GET", "/v1/conversations", null);
                ids.add("\"" + member + "\"");
                tokens.add(token);
            }
            String body = call(port, ownerToken, "POST", "/v1/conversations",
                    "{\"kind\":\"group\",\"title\":\"bench\",\"members\":[" + String.join(",", ids) + "]}");
            rooms.add(new ChatLoad.Room(UUID.fromString(id(body)), ownerToken, tokens));
        }
        return rooms;
    }

    private String call(int port, String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode());
        }
        return response.body();
    }

    private static String id(String json) {
        Matcher matcher = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in response");
        }
        return matcher.group(1);
    }

    /** Transactions committed or rolled back in the bench database, as PostgreSQL's statistics have them so far. */
    private static long postgresTransactions() {
        return Db.count("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()");
    }

    private static PgConnectOptions pgOptions() {
        String url = System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL");
        return PgConnectOptions.fromUri(url).setUser(System.getenv("QUARKUS_DATASOURCE_USERNAME"))
                .setPassword(System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
    }

    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
