package dev.charter.moderation;

import dev.charter.audit.AuditLog;
import dev.charter.messaging.send.ReportedMessages;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** An author who edits or unsends a message under an open report leaves an audit record naming the reports. */
@Singleton
class ReportedMessageChanges implements ReportedMessages {

    private final SendPathRepository reports;
    private final AuditLog audit;

    ReportedMessageChanges(SendPathRepository reports, AuditLog audit) {
        this.reports = reports;
        this.audit = audit;
    }

    @Override
    public Uni<Boolean> auditIfReported(SqlConnection conn, String author, UUID conversation, long seq, String action) {
        return reports.openReportsOn(conn, conversation, seq).flatMap(open -> {
            if (open.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("conversation", conversation.toString());
            details.put("seq", seq);
            details.put("reports", open.stream().map(UUID::toString).toList());
            return audit.record(conn, author, action, author, details).replaceWith(true);
        });
    }
}
