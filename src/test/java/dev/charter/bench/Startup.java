package dev.charter.bench;

import dev.charter.testsupport.AppProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up of the packaged app, once as a JVM ({@code quarkus-run.jar}) and once as the native executable when one
 * was built ({@code target/*-runner}, or {@code -Dbench.native}): the time from the process's start to its first
 * 200 from {@code /q/health/ready} (database connected, migrations checked), and its resident memory (VmRSS) after
 * five seconds without traffic. Same database, same settings, same heap limit, one after the other.
 */
final class Startup implements Scenario.OneRow<Bench> {

    private static final List<String> HEAP = List.of("-Xmx512m");
    private static final Duration IDLE = Duration.ofSeconds(5);

    private final boolean nativeImage;

    private Startup(boolean nativeImage) {
        this.nativeImage = nativeImage;
    }

    static Startup jvm() {
        return new Startup(false);
    }

    static Startup nativeImage() {
        return new Startup(true);
    }

    @Override
    public String name() {
        return "startup";
    }

    /** The native row only when there is a native executable to start. */
    @Override
    public boolean selected(Selection selection) {
        return selection.includes(name()) && (!nativeImage || runner() != null);
    }

    /** Median of three starts (one in a quick run). */
    @Override
    public ScenarioResult run(Bench bench) throws Exception {
        Path runner = nativeImage ? runner() : null;
        List<String> command = nativeImage
                ? AppProcess.nativeCommand(runner, HEAP)
                : AppProcess.jarCommand(concat(HEAP, List.of("-XX:+UseSerialGC")));
        int starts = bench.quick() ? 1 : 3;
        double[] readyMs = new double[starts];
        double[] rssMiB = new double[starts];
        for (int i = 0; i < starts; i++) {
            int port = AppProcess.freePort();
            try (AppProcess app = AppProcess.launch(command, port, bench.appEnv())) {
                readyMs[i] = app.readyAfter().toNanos() / 1e6;
                Thread.sleep(IDLE.toMillis());
                rssMiB[i] = new ServerProbe(app.pid()).rssMiB();
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("starts", starts);
        extra.put("first_response_ms", ScenarioResult.round(median(readyMs)));
        extra.put("idle_rss_mib", ScenarioResult.round(median(rssMiB)));
        extra.put("idle_seconds", IDLE.toSeconds());
        extra.put("command", String.join(" ", command));
        if (runner != null) {
            extra.put(
                    "native_built_at",
                    Files.getLastModifiedTime(runner).toInstant().toString());
        }
        String kind = nativeImage ? "native" : "jvm";
        System.out.printf(
                Locale.ROOT,
                "startup %-6s first response %6.0f ms, idle RSS %6.1f MiB (median of %d)%s%n",
                kind,
                median(readyMs),
                median(rssMiB),
                starts,
                runner == null ? "" : ", " + runner + " built " + extra.get("native_built_at"));
        return new ScenarioResult(
                "startup_" + kind + "_first_response", median(readyMs), "ms", null, null, null, extra);
    }

    /** {@code -Dbench.native=<path>}, else the newest executable {@code target/*-runner}; null when none. */
    static Path runner() {
        String configured = System.getProperty("bench.native", "").trim();
        if (!configured.isEmpty()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("bench.native is not an executable: " + path.toAbsolutePath());
            }
            return path;
        }
        File[] runners = new File("target").listFiles((dir, name) -> name.endsWith("-runner"));
        if (runners == null) {
            return null;
        }
        return Arrays.stream(runners)
                .filter(f -> f.isFile() && f.canExecute())
                .max(Comparator.comparingLong(File::lastModified))
                .map(File::toPath)
                .orElse(null);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
