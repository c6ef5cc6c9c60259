package dev.charter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.charter.testsupport.AppProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The load harness (scripts/bench.sh): starts the packaged app, drives it with real WebSocket clients,
 * measures the baselines in the same run, and writes a table, target/bench/results.json and a latency plot.
 * Load generator and server share this machine, so every number is relative to that machine.
 */
public final class LoadHarness {

    /** In this order, on one app started from an empty database. */
    private static final List<Scenario<SharedApp>> ON_SHARED_APP = List.of(
            new DurableOneToOne(), new HalfRate(), new GroupFanOut(), new ReconnectStorm(), new IdleConnections());
    /** Each starts an app of its own, once the shared one has stopped. */
    private static final List<Scenario<Bench>> ON_OWN_APP =
            List.of(new KmsCalls(), Startup.jvm(), Startup.nativeImage(), new Federation());

    private LoadHarness() {}

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        run(Bench.fromSystemProperties(quick));
        System.exit(0);
    }

    private static void run(Bench bench) throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        // The shared app, its baselines and warm-up only when a scenario runs on it.
        if (ON_SHARED_APP.stream().anyMatch(scenario -> scenario.selected(bench.selection()))) {
            int port = AppProcess.freePort();
            // The app starts first: it migrates the bench database the INSERT baseline copies its table from.
            try (AppProcess app = AppProcess.start(port, bench.appEnv(), appJvmArgs());
                    ChatLoad load = new ChatLoad(port)) {
                SharedApp shared = SharedApp.prepare(bench, port, app.managementPort, app.pid(), load);
                for (Scenario<SharedApp> scenario : ON_SHARED_APP) {
                    if (scenario.selected(bench.selection())) {
                        results.addAll(scenario.rows(shared));
                    }
                }
            }
        }
        for (Scenario<Bench> scenario : ON_OWN_APP) {
            if (scenario.selected(bench.selection())) {
                results.addAll(scenario.rows(bench));
            }
        }
        Report.write(results, bench.quick(), Path.of("target", "bench"));
    }

    static List<String> appJvmArgs() {
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
        return jvmArgs;
    }

    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
