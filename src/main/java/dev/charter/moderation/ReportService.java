package dev.charter.moderation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charter.audit.AuditLog;
import dev.charter.common.ErrorCodes;
import dev.charter.common.PeerCaches;
import dev.charter.common.ProblemException;
import dev.charter.common.Transactions;
import dev.charter.crypto.SealedText;
import dev.charter.messaging.MessageView;
import dev.charter.messaging.fanout.UserFrames;
import dev.charter.messaging.send.MessageService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reports by members and moderators' decisions on them. A decision, its effect (removal, suspension), its
 * audit record with the statement of reasons (DSA (EU) 2022/2065 Art. 17) and the reporter's
 * {@code report_update} commit in one transaction: none happens without the others.
 */
@ApplicationScoped
public class ReportService {

    static final List<String> REASONS = List.of("spam", "harassment", "illegal", "other");
    static final List<String> ACTIONS = List.of("remove_message", "warn", "suspend", "dismiss");
    static final int DEFAULT_SUSPENSION_DAYS = 7;

    private final Transactions transactions;
    private final ReportRepository reports;
    private final MessageService messages;
    private final UserFrames frames;
    private final Suspensions suspensions;
    private final AuditLog audit;
    private final Clock clock;
    private final ReportCopies copies;
    private final PeerCaches peers;

    ReportService(
            Transactions transactions,
            ReportRepository reports,
            MessageService messages,
            UserFrames frames,
            Suspensions suspensions,
            AuditLog audit,
            Clock clock,
            ReportCopies copies,
            PeerCaches peers) {
        this.peers = peers;
        this.copies = copies;
        this.transactions = transactions;
        this.reports = reports;
        this.messages = messages;
        this.frames = frames;
        this.suspensions = suspensions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Only a member can report a message of the conversation; anyone else gets {@code not_found}. For an end-to-end
     * encrypted conversation the reporter's client may send its decrypted {@code copy}, the only way a moderator
     * can see what was reported; elsewhere the server reads the message itself and a copy is ignored.
     */
    Uni<Report> report(String reporter, UUID conversation, long seq, String reason, String note, String copy) {
        UUID id = UUID.randomUUID();
        return messages.reportable(reporter, conversation, seq).flatMap(reportable -> {
            Uni<SealedText> sealed = reportable.e2ee() && copy != null
                    ? copies.seal(id, reporter, copy)
                    : Uni.createFrom().nullItem();
            return sealed.flatMap(sealedCopy ->
                    reports.create(id, reporter, conversation, seq, reportable.sender(), reason, note, sealedCopy));
        });
    }

    /** What a moderator sees of the reported content, and where it comes from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportedContent(String source, String text, Boolean removed, Boolean erased, Boolean unavailable) {

        static ReportedContent unavailable(String source) {
            return new ReportedContent(source, null, null, null, true);
        }
    }

    record Detail(Report report, ReportedContent content) {}

    /**
     * One report with the reported content: the stored message opened (source {@code message}) or, for end-to-end
     * encrypted conversations, the reporter's copy ({@code reporter_copy}). Reading it is audited.
     */
    Uni<Detail> detail(String moderator, UUID id) {
        return reports.find(id)
                .flatMap(found -> {
                    Report report = found.orElseThrow(() -> ProblemException.notFound("No such report."));
                    return content(report).map(content -> new Detail(report, content));
                })
                .call(detail -> audit.record(
                        moderator,
                        "moderation.report.read",
                        detail.report().reportedUser(),
                        Map.of(
                                "report",
                                id.toString(),
                                "contentSource",
                                detail.content().source())));
    }

    private Uni<ReportedContent> content(Report report) {
        return messages.forModeration(report.conversation(), report.seq()).flatMap(view -> {
            if (view.isEmpty()) {
                return Uni.createFrom().item(ReportedContent.unavailable("message"));
            }
            MessageView message = view.get();
            if (message.ciphertext() == null) {
                return Uni.createFrom()
                        .item(new ReportedContent(
                                "message",
                                message.text(),
                                message.removed(),
                                message.erased(),
                                Boolean.TRUE.equals(message.unreadable()) ? Boolean.TRUE : null));
            }
            if (report.reporter() == null) {
                return Uni.createFrom().item(ReportedContent.unavailable("reporter_copy"));
            }
            return reports.copyOf(report.id())
                    .flatMap(copy -> copy.isEmpty()
                            ? Uni.createFrom().item(ReportedContent.unavailable("reporter_copy"))
                            : copies.open(report.id(), report.reporter(), copy.get())
                                    .map(text -> text.map(
                                                    t -> new ReportedContent("reporter_copy", t, null, null, null))
                                            .orElseGet(() -> ReportedContent.unavailable("reporter_copy"))));
        });
    }

    /** The reports a user filed, as GET /v1/me/reports shows them (and their data export). */
    public Uni<List<FiledReport>> filedBy(String reporter) {
        return reports.byReporter(reporter)
                .map(list -> list.stream().map(FiledReport::of).toList());
    }

    /** The queue a moderator works through; looking at it is an access to others' data, so it is audited. */
    Uni<List<Report>> queue(String moderator, String status, int limit) {
        return reports.byStatus(status, limit).call(list -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", status == null ? "any" : status);
            details.put("reports", list.stream().map(r -> r.id().toString()).toList());
            return audit.record(moderator, "moderation.queue.read", null, details);
        });
    }

    record Decision(String action, String note, Integer days) {}

    Uni<Report> decide(String moderator, UUID id, Decision decision) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return transactions.inTransaction(conn -> reports.find(conn, id).flatMap(found -> {
            Report report = found.orElseThrow(() -> ProblemException.notFound("No such report."));
            if (!Report.OPEN.equals(report.status())) {
                throw new ProblemException(409, ErrorCodes.CONFLICT, "This report is already decided.");
            }
            return effect(conn, report, decision, now)
                    .flatMap(until -> reports.resolve(conn, id, decision.action(), decision.note(), moderator, now)
                            .call(resolved -> audit.record(
                                    conn,
                                    moderator,
                                    "moderation.decision",
                                    report.reportedUser(),
                                    auditDetails(resolved, until)))
                            .call(resolved -> notifyParties(conn, resolved))
                            .invoke(resolved -> {
                                if (until != null) {
                                    suspensions.suspended(report.reportedUser(), until);
                                }
                            }));
        }));
    }

    /** Applies the action; returns the suspension's end for {@code suspend}, else null. */
    private Uni<Instant> effect(SqlConnection conn, Report report, Decision decision, Instant now) {
        return switch (decision.action()) {
            case "remove_message" ->
                messages.removeByModeration(conn, report.conversation(), report.seq())
                        .replaceWith((Instant) null);
            case "suspend" -> {
                int days = decision.days() == null ? DEFAULT_SUSPENSION_DAYS : decision.days();
                Instant until = now.plus(Duration.ofDays(days));
                yield reports.suspend(conn, report.reportedUser(), report.id(), until)
                        .call(() -> peers.invalidate(conn, Suspensions.TOPIC, report.reportedUser()))
                        .replaceWith(until);
            }
            default -> Uni.createFrom().nullItem();
        };
    }

    private Uni<Void> notifyParties(SqlConnection conn, Report resolved) {
        Uni<Void> reporter = resolved.reporter() == null
                ? Uni.createFrom().voidItem()
                : frames.send(conn, resolved.reporter(), ReportFrames.update(resolved));
        if ("dismiss".equals(resolved.action())) {
            return reporter;
        }
        return reporter.flatMap(ignored -> frames.send(conn, resolved.reportedUser(), ReportFrames.notice(resolved)));
    }

    private static Map<String, Object> auditDetails(Report r, Instant until) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("report", r.id().toString());
        details.put("source", r.source());
        details.put("conversation", r.conversation().toString());
        details.put("seq", r.seq());
        details.put("reason", r.reason());
        if (r.category() != null) {
            details.put("category", r.category());
        }
        details.put("action", r.action());
        details.put("statementOfReasons", r.decisionNote());
        if (until != null) {
            details.put("suspendedUntil", until.toString());
        }
        return details;
    }
}
