package dev.charter.moderation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** WebSocket frames about reports. Ids and outcomes only: no message text, no moderator identity. */
final class ReportFrames {

    private ReportFrames() {}

    /** To the reporter: {@code {"type":"report_update","report","status","action"}} (CONTRACT.md). */
    @RegisterForReflection
    record Update(String type, UUID report, String status, String action) {}

    /**
     * To the author of the reported message when a decision touches them (an addition to the contract): the
     * affected user is told what was decided (DSA Art. 17); the statement of reasons is on record in the audit.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Notice(String type, UUID report, UUID conversation, long seq, String action) {}

    static Update update(Report report) {
        return new Update("report_update", report.id, report.status.value(), report.action);
    }

    static Notice notice(Report report) {
        return new Notice("moderation_notice", report.id, report.conversation, report.seq, report.action);
    }
}
