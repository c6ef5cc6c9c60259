package dev.charter.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** A rights request as its requester sees it; {@code status} is a {@link RequestStatus} value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestBody(
        UUID id,
        String type,
        String status,
        String receivedAt,
        String dueAt,
        String jurisdiction,
        String extendedUntil,
        String completedAt,
        String exportUrl,
        String note) {

    static RequestBody of(RightsRequest r) {
        return new RequestBody(
                r.id,
                r.type,
                r.status.value(),
                r.receivedAt.toString(),
                r.dueAt.toString(),
                r.jurisdiction,
                text(r.extendedUntil),
                text(r.completedAt),
                r.exportReady() ? "/v1/me/requests/" + r.id + "/export" : null,
                r.note);
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
