package dev.charter.moderation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** A report as the user who filed it sees it (GET /v1/me/reports and their data export). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FiledReport(
        UUID id, UUID conversation, long seq, String reason, String status, String action, String decidedAt) {

    static FiledReport of(Report r) {
        return new FiledReport(
                r.id,
                r.conversation,
                r.seq,
                r.reason,
                r.status.value(),
                r.action,
                r.decidedAt == null ? null : r.decidedAt.toString());
    }
}
