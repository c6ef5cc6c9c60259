package dev.charter.legalhold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * How long the law gives to act on a government request, by country and type: the table is data with its
 * citations ({@code legalhold/request-deadlines.json}), read once; a country or type it does not list takes
 * the default.
 */
final class RequestDeadlines {

    static final String FILE = "legalhold/request-deadlines.json";

    private final JsonNode table;

    private RequestDeadlines(JsonNode table) {
        this.table = table;
    }

    /** A deadline and the rule it comes from. */
    record Deadline(Instant at, long hours, String source) {}

    static RequestDeadlines load(ObjectMapper json) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing");
            }
            RequestDeadlines deadlines = new RequestDeadlines(json.readTree(in));
            for (String type : GovernmentRequest.TYPES) {
                if (!deadlines.table.path("default").path(type).has("hours")) {
                    throw new IllegalStateException(FILE + " has no default for '" + type + "'");
                }
            }
            return deadlines;
        } catch (IOException e) {
            throw new UncheckedIOException(FILE + " does not parse", e);
        }
    }

    Deadline of(String country, String type, boolean urgent, Instant received) {
        JsonNode rule = table.path("countries").path(country).path(type);
        if (!rule.has("hours")) {
            rule = table.path("default").path(type);
        }
        long hours = urgent && rule.has("urgentHours")
                ? rule.get("urgentHours").asLong()
                : rule.get("hours").asLong();
        return new Deadline(
                received.plus(Duration.ofHours(hours)),
                hours,
                rule.path("source").asText());
    }
}
