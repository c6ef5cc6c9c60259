package dev.charter.moderation;

import dev.charter.attachment.AttachmentService;
import dev.charter.attachment.AttachmentView;
import dev.charter.audit.AuditLog;
import dev.charter.common.ProblemException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The files of a reported message, for the moderator deciding the report. Only files of the reported message open,
 * and each listing and opening is audited. Blocks: call it from a worker thread.
 */
@Singleton
class ReportedAttachments {

    private static final Duration DB_WAIT = Duration.ofSeconds(30);

    private final ReportTargetRepository reports;
    private final AttachmentService attachments;
    private final AuditLog audit;

    ReportedAttachments(ReportTargetRepository reports, AttachmentService attachments, AuditLog audit) {
        this.reports = reports;
        this.attachments = attachments;
        this.audit = audit;
    }

    List<AttachmentView> list(String moderator, UUID report) {
        ReportTargetRepository.Target target = target(report);
        List<AttachmentView> files = attachments.attachedTo(target.conversation(), target.seq());
        audit.record(
                        moderator,
                        "moderation.attachments.list",
                        target.reportedUser(),
                        Map.of(
                                "report",
                                report.toString(),
                                "attachments",
                                files.stream().map(f -> f.id().toString()).toList()))
                .await()
                .atMost(DB_WAIT);
        return files;
    }

    /**
     * Opens one file for download; audited once it opens (before a byte is written).
     *
     * <p>A range beyond the file is answered 416 by {@code AttachmentDownloads}.
     */
    AttachmentService.Download open(String moderator, UUID report, UUID attachment, String range) {
        ReportTargetRepository.Target target = target(report);
        AttachmentService.Download download =
                attachments.openAttachedTo(target.conversation(), target.seq(), attachment, range);
        audit.record(
                        moderator,
                        "moderation.attachment.read",
                        target.reportedUser(),
                        Map.of(
                                "report",
                                report.toString(),
                                "attachment",
                                attachment.toString(),
                                "range",
                                download.rangeLabel()))
                .await()
                .atMost(DB_WAIT);
        return download;
    }

    private ReportTargetRepository.Target target(UUID report) {
        return reports.of(report)
                .await()
                .atMost(DB_WAIT)
                .orElseThrow(() -> ProblemException.notFound("No such report."));
    }
}
