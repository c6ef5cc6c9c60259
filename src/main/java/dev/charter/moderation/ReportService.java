package dev.charter.moderation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charter.audit.AuditLog;
import dev.charter.common.Cursor;
import dev.charter.common.ErrorCodes;
import dev.charter.common.PageOf;
import dev.charter.common.PeerCaches;
import dev.charter.common.ProblemException;
import dev.charter.crypto.SealedText;
import dev.charter.messaging.MessageView;
import dev.charter.messaging.fanout.UserFrames;
import dev.charter.messaging.send.MessageService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reports by members and moderators' decisions on them. A decision, its effect (removal, suspension), its
 * audit record with the statement of reasons (DSA (EU) 2022/2065 Art. 17) and the frames to the reporter and
 * the reported user commit in one transaction: none happens without the others.
 *
 * <p>Persistence is Hibernate Reactive with Panache: pure reads run in {@code Panache.withSession}, anything
 * that writes (an audit record included) in {@code Panache.withTransaction}. A decision's effects on other
 * features (the message's removal, the NOTIFYs of frames and of the suspension to peers) run through the same
 * session, so they share its transaction. Sessions live on the Vert.x context the call came in on; where a
 * step may resume elsewhere (a KMS call completes on a worker thread) the work returns to that context first
 * ({@link #backTo}). Callers off any Vert.x context (the data export) use {@code VertxContextSupport}. The send
 * path's flags and suspension checks stay on the SQL client ({@link SendPathRepository}).
 */
@ApplicationScoped
public class ReportService {

    static final List<String> REASONS = List.of("spam", "harassment", "illegal", "other");
    static final List<String> ACTIONS = List.of("remove_message", "warn", "suspend", "dismiss");
    static final int DEFAULT_SUSPENSION_DAYS = 7;

    private final ReportRepository reports;
    private final SuspensionRepository suspensionRows;
    private final MessageService messages;
    private final UserFrames frames;
    private final Suspensions suspensions;
    private final AuditLog audit;
    private final Clock clock;
    private final ReportCopies copies;
    private final ReportFranking franking;
    private final PeerCaches peers;
    private final ReportsElsewhere elsewhere;
    private final int maxOpenReports;

    ReportService(
            ReportRepository reports,
            SuspensionRepository suspensionRows,
            MessageService messages,
            UserFrames frames,
            Suspensions suspensions,
            AuditLog audit,
            Clock clock,
            ReportCopies copies,
            PeerCaches peers,
            ReportsElsewhere elsewhere,
            ModerationConfig config,
            ReportFranking franking) {
        this.franking = franking;
        this.maxOpenReports = config.maxOpenReports();
        this.elsewhere = elsewhere;
        this.peers = peers;
        this.copies = copies;
        this.reports = reports;
        this.suspensionRows = suspensionRows;
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
    Uni<Report> report(
            String reporter,
            UUID conversation,
            long seq,
            String reason,
            String note,
            String copy,
            ReportFranking.Evidence evidence) {
        UUID id = UUID.randomUUID();
        Executor back = backTo();
        ReportFranking.Decoded franked = evidence == null ? null : ReportFranking.decode(evidence, conversation);
        return messages.reportable(reporter, conversation, seq).flatMap(reportable -> {
            if (franked != null && !reportable.e2ee()) {
                throw ProblemException.badRequest(
                        "'franking' is for end-to-end encrypted conversations; the server reads this one's messages.");
            }
            ReportFranking.Outcome outcome =
                    franked == null ? null : franking.check(franked, conversation, seq, reportable.sender());
            // Revealed evidence brings its plaintext: that is the copy moderators read, next to the outcome.
            String revealed = franked == null ? copy : evidence.plaintext();
            Uni<SealedText> sealed = reportable.e2ee() && revealed != null
                    ? copies.seal(id, reporter, revealed)
                    : Uni.createFrom().nullItem();
            return sealed.emitOn(back).flatMap(sealedCopy -> {
                Report report = new Report(
                        id,
                        reporter,
                        conversation,
                        seq,
                        reportable.sender(),
                        reason,
                        note,
                        clock.instant().truncatedTo(ChronoUnit.MICROS));
                if (sealedCopy != null) {
                    report.copyKeyEpoch = sealedCopy.keyEpoch();
                    report.copyKeyVersion = sealedCopy.keyVersion();
                    report.copyNonce = sealedCopy.nonce();
                    report.copyCiphertext = sealedCopy.ciphertext();
                }
                if (outcome != null) {
                    report.frankingSignatureValid = outcome.signatureValid();
                    report.frankingCommitmentValid = outcome.commitmentValid();
                    report.frankingMatchesReport = outcome.matchesReport();
                }
                return Panache.withTransaction(
                                () -> reports.openFiledBy(reporter).chain(open -> {
                                    if (open >= maxOpenReports) {
                                        throw tooManyOpen();
                                    }
                                    return reports.persist(report);
                                }))
                        .call(filed -> reportable.hostRegion() == null
                                ? Uni.createFrom().voidItem()
                                : elsewhere.forward(
                                        reportable.hostRegion(),
                                        new ReportsElsewhere.ForwardedReport(
                                                id, conversation, seq, reporter, reason, note)));
            });
        });
    }

    private ProblemException tooManyOpen() {
        return new ProblemException(
                429,
                ErrorCodes.RATE_LIMITED,
                maxOpenReports + " of your reports are still open; a new one can be filed once one is decided.",
                Map.of("retryAfter", 3600));
    }

    /**
     * A report filed in the reporter's home region on a message of a conversation hosted here: filed here too,
     * under the same id, for this region's moderators, who have the message. Filing it again changes nothing.
     */
    public Uni<Void> reportFromRegion(String region, ReportsElsewhere.ForwardedReport forwarded) {
        if (forwarded == null
                || forwarded.id() == null
                || forwarded.conversation() == null
                || forwarded.reporter() == null
                || !REASONS.contains(forwarded.reason())) {
            throw ProblemException.badRequest(
                    "'id', 'conversation', 'seq', 'reporter' and a known 'reason' are required.");
        }
        Executor back = backTo();
        return messages.reportable(forwarded.reporter(), forwarded.conversation(), forwarded.seq())
                .emitOn(back)
                .flatMap(reportable -> Panache.withTransaction(() -> reports.findById(forwarded.id())
                        .flatMap(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().voidItem();
                            }
                            Report report = new Report(
                                    forwarded.id(),
                                    forwarded.reporter(),
                                    forwarded.conversation(),
                                    forwarded.seq(),
                                    reportable.sender(),
                                    forwarded.reason(),
                                    forwarded.note(),
                                    clock.instant().truncatedTo(ChronoUnit.MICROS));
                            return reports.persist(report)
                                    .call(() -> audited(
                                            "peer:" + region,
                                            "report.received",
                                            forwarded.reporter(),
                                            Map.of("report", forwarded.id().toString(), "region", region)))
                                    .replaceWithVoid();
                        })));
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
        Executor back = backTo();
        return Panache.withSession(() -> find(id))
                .flatMap(report -> content(report, back).map(content -> new Detail(report, content)))
                .emitOn(back)
                .call(detail -> Panache.withTransaction(() -> audited(
                        moderator,
                        "moderation.report.read",
                        detail.report().reportedUser,
                        Map.of(
                                "report",
                                id.toString(),
                                "contentSource",
                                detail.content().source()))));
    }

    private Uni<ReportedContent> content(Report report, Executor back) {
        if (RefusedUploads.SOURCE.equals(report.source)) {
            // No message: the file was refused and never kept; the report's note describes it.
            return Uni.createFrom().item(ReportedContent.unavailable(RefusedUploads.SOURCE));
        }
        return messages.forModeration(report.conversation, report.seq).flatMap(view -> {
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
            if (report.reporter == null) {
                return Uni.createFrom().item(ReportedContent.unavailable("reporter_copy"));
            }
            return Uni.createFrom()
                    .voidItem()
                    .emitOn(back)
                    .flatMap(ignored -> Panache.withSession(() -> reports.copyOf(report.id)))
                    .flatMap(copy -> copy.isEmpty()
                            ? Uni.createFrom().item(ReportedContent.unavailable("reporter_copy"))
                            : copies.open(report.id, report.reporter, copy.get())
                                    .map(text -> text.map(
                                                    t -> new ReportedContent("reporter_copy", t, null, null, null))
                                            .orElseGet(() -> ReportedContent.unavailable("reporter_copy"))));
        });
    }

    /**
     * The reports a user filed, as GET /v1/me/reports shows them (and their data export). Call it on a Vert.x
     * context, from a worker thread through {@code VertxContextSupport}.
     */
    public Uni<List<FiledReport>> filedBy(String reporter) {
        return Panache.withSession(() -> reports.byReporter(reporter))
                .map(list -> list.stream().map(FiledReport::of).toList());
    }

    /** The queue a moderator works through; looking at it is an access to others' data, so it is audited. */
    Uni<PageOf<Report>> queue(String moderator, ReportStatus status, Cursor after, int limit) {
        return Panache.withTransaction(() -> reports.queue(status, after, limit + 1)
                .map(rows -> PageOf.of(rows, limit, ReportRepository::positionOf))
                .call(page -> {
                    List<Report> list = page.items();
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("status", status == null ? "any" : status.value());
                    details.put(
                            "reports", list.stream().map(r -> r.id.toString()).toList());
                    return audited(moderator, "moderation.queue.read", null, details);
                }));
    }

    record Decision(String action, String note, Integer days) {}

    Uni<Report> decide(String moderator, UUID id, Decision decision) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> reports.lockForUpdate(id).chain(report -> {
                    if (report == null) {
                        throw ProblemException.notFound("No such report.");
                    }
                    if (!report.open()) {
                        throw new ProblemException(409, ErrorCodes.CONFLICT, "This report is already decided.");
                    }
                    return effect(session, report, decision, now).chain(until -> {
                        report.resolve(decision.action(), decision.note(), moderator, now);
                        return reports.flush()
                                .chain(() -> audit.record(
                                        session,
                                        moderator,
                                        "moderation.decision",
                                        report.reportedUser,
                                        auditDetails(report, until)))
                                .chain(() -> notifyParties(session, report))
                                .invoke(() -> {
                                    if (until != null) {
                                        suspensions.suspended(report.reportedUser, until);
                                    }
                                })
                                .replaceWith(report);
                    });
                })));
    }

    /** Applies the action; returns the suspension's end for {@code suspend}, else null. */
    private Uni<Instant> effect(Mutiny.Session session, Report report, Decision decision, Instant now) {
        return switch (decision.action()) {
            case "remove_message" ->
                messages.removeByModeration(session, report.conversation, report.seq)
                        .replaceWith((Instant) null);
            case "suspend" -> {
                int days = decision.days() == null ? DEFAULT_SUSPENSION_DAYS : decision.days();
                Instant until = now.plus(Duration.ofDays(days));
                yield suspensionRows
                        .persist(new Suspension(report.reportedUser, report.id, until, now))
                        .call(() -> peers.invalidate(session, Suspensions.TOPIC, report.reportedUser))
                        .replaceWith(until);
            }
            default -> Uni.createFrom().nullItem();
        };
    }

    private Uni<Void> notifyParties(Mutiny.Session session, Report resolved) {
        Uni<Void> reporter = resolved.reporter == null
                ? Uni.createFrom().voidItem()
                : frames.send(session, resolved.reporter, ReportFrames.update(resolved));
        if ("dismiss".equals(resolved.action)) {
            return reporter;
        }
        return reporter.chain(() -> frames.send(session, resolved.reportedUser, ReportFrames.notice(resolved)));
    }

    private Uni<Report> find(UUID id) {
        return reports.findById(id).map(found -> {
            if (found == null) {
                throw ProblemException.notFound("No such report.");
            }
            return found;
        });
    }

    /** An audit event in the current session's transaction. */
    private Uni<Void> audited(String actor, String action, String subject, Map<String, Object> details) {
        return Panache.getSession().chain(session -> audit.record(session, actor, action, subject, details));
    }

    /**
     * Runs a task on the Vert.x context the call came in on (a request's duplicated context): a Panache session
     * must be used there, and a step such as a KMS call may complete on a worker thread.
     */
    private static Executor backTo() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("reports are read and written on a Vert.x context");
        }
        return task -> context.runOnContext(ignored -> task.run());
    }

    private static Map<String, Object> auditDetails(Report r, Instant until) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("report", r.id.toString());
        details.put("source", r.source);
        details.put("conversation", r.conversation.toString());
        details.put("seq", r.seq);
        details.put("reason", r.reason);
        if (r.category != null) {
            details.put("category", r.category);
        }
        details.put("action", r.action);
        details.put("statementOfReasons", r.decisionNote);
        if (until != null) {
            details.put("suspendedUntil", until.toString());
        }
        return details;
    }
}
