package dev.charter.privacy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** A data subject's request (access, portability, erasure, rectification, restriction, objection). */
public record RightsRequest(
        UUID id,
        String userId,
        String type,
        String jurisdiction,
        String status,
        JsonObject details,
        Instant receivedAt,
        Instant dueAt,
        Instant extendedUntil,
        String extensionReason,
        Instant completedAt,
        String note) {

    public static final String RECEIVED = "received";
    public static final String IN_PROGRESS = "in_progress";
    public static final String COMPLETED = "completed";
    public static final String REJECTED = "rejected";

    /** The deadline in force: the extended one once extended. */
    public Instant deadline() {
        return extendedUntil != null ? extendedUntil : dueAt;
    }

    /** Access and portability exports are generated when downloaded, so they are ready once completed. */
    public boolean exportReady() {
        return COMPLETED.equals(status) && ("access".equals(type) || "portability".equals(type));
    }

    public boolean open() {
        return RECEIVED.equals(status) || IN_PROGRESS.equals(status);
    }
}
