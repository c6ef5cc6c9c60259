package dev.charter.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/** One scrape of the server's Prometheus endpoint ({@code /q/metrics}); empty when it cannot be read. */
final class ServerMetrics {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String text;

    private ServerMetrics(String text) {
        this.text = text;
    }

    static ServerMetrics scrape(int port) {
        try {
            return new ServerMetrics(HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServerMetrics("");
        } catch (IOException | RuntimeException e) {
            return new ServerMetrics("");
        }
    }

    /** The value of the first sample whose line starts with {@code name} (NaN when absent). */
    double value(String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    /** Cumulative counts of a histogram's {@code _bucket} samples whose line contains {@code label}, by upper bound in seconds. */
    TreeMap<Double, Double> buckets(String histogram, String label) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (String line : text.split("\n")) {
            int le = line.indexOf("le=\"");
            if (line.startsWith(histogram + "_bucket") && le > 0 && line.contains(label)) {
                String bound = line.substring(le + 4, line.indexOf('"', le + 4));
                buckets.put(
                        bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return buckets;
    }

    /**
     * The upper bound (ms) of the bucket holding quantile {@code q} of what a histogram recorded between two
     * scrapes; NaN when nothing was recorded.
     */
    static double quantileMs(ServerMetrics before, ServerMetrics after, String histogram, double q) {
        return quantileMs(before, after, histogram, "", q);
    }

    /** As above, for the series whose labels contain {@code label} (e.g. {@code phase="commit"}). */
    static double quantileMs(ServerMetrics before, ServerMetrics after, String histogram, String label, double q) {
        TreeMap<Double, Double> earlier = before.buckets(histogram, label);
        TreeMap<Double, Double> later = after.buckets(histogram, label);
        double total =
                later.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - earlier.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> bucket : later.entrySet()) {
            double count = bucket.getValue() - earlier.getOrDefault(bucket.getKey(), 0.0);
            if (count >= q * total) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.NaN;
    }
}
