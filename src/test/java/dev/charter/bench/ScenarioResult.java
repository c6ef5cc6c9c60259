package dev.charter.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One row of the results table and of target/bench/results.json. */
record ScenarioResult(
        String name,
        double throughput,
        String unit,
        Histogram latency,
        String baseline,
        Double baselineThroughput,
        Map<String, Object> extra) {

    double p50Ms() {
        return latency == null ? Double.NaN : latency.getValueAtPercentile(50) / 1e6;
    }

    double p99Ms() {
        return latency == null ? Double.NaN : latency.getValueAtPercentile(99) / 1e6;
    }

    Double ratio() {
        return baselineThroughput == null || baselineThroughput == 0 ? null : throughput / baselineThroughput;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("throughput", round(throughput));
        json.put("unit", unit);
        json.put("p50_ms", latency == null ? null : round(p50Ms()));
        json.put("p99_ms", latency == null ? null : round(p99Ms()));
        json.put("baseline", baseline);
        json.put("baseline_throughput", baselineThroughput == null ? null : round(baselineThroughput));
        json.put("ratio", ratio() == null ? null : round(ratio()));
        json.putAll(extra);
        return json;
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
