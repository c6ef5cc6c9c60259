package dev.charter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the results table and writes results.json and latency.svg. */
final class Report {

    private static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.9, 99.99};
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

    private Report() {}

    static void write(List<ScenarioResult> results, boolean quick, Path dir) throws IOException {
        Files.createDirectories(dir);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-34s %14s %-18s %9s %9s %14s %7s%n",
                "scenario",
                "throughput",
                "unit",
                "p50 ms",
                "p99 ms",
                "baseline",
                "ratio");
        for (ScenarioResult r : results) {
            System.out.printf(
                    Locale.ROOT,
                    "%-34s %14.0f %-18s %9.2f %9.2f %14.0f %7s%n",
                    r.name(),
                    r.throughput(),
                    r.unit(),
                    r.p50Ms(),
                    r.p99Ms(),
                    r.baselineThroughput() == null ? Double.NaN : r.baselineThroughput(),
                    r.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio()));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> scenarios = new ArrayList<>();
        results.forEach(r -> scenarios.add(r.toJson()));
        json.put("scenarios", scenarios);
        json.put("machine", machine(quick));
        LoadHarness.json().writeValue(dir.resolve("results.json").toFile(), json);
        Files.writeString(dir.resolve("latency.svg"), svg(results));
        System.out.println("\nwrote " + dir.resolve("results.json") + " and " + dir.resolve("latency.svg"));
    }

    private static Map<String, Object> machine(boolean quick) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.version"));
        machine.put("quick", quick);
        machine.put("load_generator", "same machine (shares the cores with the server and PostgreSQL)");
        return machine;
    }

    /** Latency by percentile, one line per scenario. */
    private static String svg(List<ScenarioResult> results) {
        int width = 720;
        int height = 400;
        int left = 60;
        int bottom = 40;
        double max = 1;
        for (ScenarioResult r : results) {
            if (r.latency() != null) {
                max = Math.max(max, r.latency().getValueAtPercentile(99.99) / 1e6);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n",
                width,
                height));
        svg.append("<text x=\"").append(left).append("\" y=\"20\">Latency by percentile (ms)</text>\n");
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                left,
                height - bottom,
                width - 20,
                height - bottom));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"30\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                left,
                left,
                height - bottom));
        double plotWidth = width - left - 40;
        double plotHeight = height - bottom - 40;
        for (int i = 0; i < PERCENTILES.length; i++) {
            double x = left + plotWidth * i / (PERCENTILES.length - 1);
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">p%s</text>%n",
                    x,
                    height - bottom + 16,
                    trim(PERCENTILES[i])));
        }
        svg.append(
                String.format(Locale.ROOT, "<text x=\"%d\" y=\"40\" text-anchor=\"end\">%.1f</text>%n", left - 4, max));
        int series = 0;
        for (ScenarioResult r : results) {
            if (r.latency() == null) {
                continue;
            }
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < PERCENTILES.length; i++) {
                double x = left + plotWidth * i / (PERCENTILES.length - 1);
                double ms = r.latency().getValueAtPercentile(PERCENTILES[i]) / 1e6;
                double y = height - bottom - plotHeight * ms / max;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            String color = COLORS[series % COLORS.length];
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
                    .append(color)
                    .append("\" points=\"")
                    .append(points.toString().trim())
                    .append("\"/>\n");
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                    left + 10,
                    60 + 16 * series,
                    color,
                    r.name()));
            series++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String trim(double percentile) {
        return percentile == Math.rint(percentile) ? String.valueOf((int) percentile) : String.valueOf(percentile);
    }
}
