package dev.charter.breach;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A recorded breach, as stored. {@code affectedQuery} is null when the users were named one by one. */
public record Breach(UUID id, String title, String description, Instant detectedAt, Instant occurredAt,
        List<String> dataCategories, JsonObject affectedQuery, String recordedBy, Instant recordedAt) {
}
