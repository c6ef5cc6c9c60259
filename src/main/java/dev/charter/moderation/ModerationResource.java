package dev.charter.moderation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charter.common.Cursor;
import dev.charter.common.PageOf;
import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import dev.charter.identity.Roles;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/** The moderators' queue and decisions: {@code /v1/admin/reports} (moderator or admin). */
@Path("/v1/admin/reports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ModerationResource {

    private static final int MAX_PAGE = 500;
    private static final int MAX_SUSPENSION_DAYS = 3_650;

    private final ReportService reports;
    private final Caller caller;

    ModerationResource(ReportService reports, Caller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    /** {@code note} is the statement of reasons; required for every action that restricts someone. */
    public record DecisionRequest(String action, String note, Integer days) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record QueuedReport(
            UUID id,
            String source,
            UUID conversation,
            long seq,
            String reportedUser,
            String reporter,
            String reason,
            String category,
            String note,
            String status,
            String action,
            String decisionNote,
            String createdAt,
            String decidedAt) {
        static QueuedReport of(Report r) {
            return new QueuedReport(
                    r.id,
                    r.source,
                    r.conversation,
                    r.seq,
                    r.reportedUser,
                    r.reporter,
                    r.reason,
                    r.category,
                    r.note,
                    r.status.value(),
                    r.action,
                    r.decisionNote,
                    r.createdAt.toString(),
                    r.decidedAt == null ? null : r.decidedAt.toString());
        }
    }

    /**
     * Illegal content first, then harassment, then the rest, oldest first within each. At most {@code limit}
     * reports (default 100, maximum {@value #MAX_PAGE}); the next page, if any, is named by the {@code Link}
     * header ({@code after}).
     */
    @GET
    public Uni<RestResponse<List<QueuedReport>>> queue(
            @QueryParam("status") String status,
            @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("100") int limit,
            @Context UriInfo uri) {
        requireModerator();
        // No status asks for the open reports, "any" for every report.
        ReportStatus wanted = status == null
                ? ReportStatus.OPEN
                : "any".equals(status)
                        ? null
                        : ReportStatus.of(status)
                                .orElseThrow(() -> ProblemException.badRequest("'status' is open, resolved or any."));
        Cursor from = Cursor.parse(after);
        return reports.queue(caller.id(), wanted, from, PageOf.limit(limit, MAX_PAGE))
                .map(page -> page.response(uri, QueuedReport::of));
    }

    /** One report and the content it is about, as the moderator needs it to decide (reading it is audited). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportDetail(
            QueuedReport report, ReportService.ReportedContent content, ReportFranking.Outcome franking) {}

    @GET
    @Path("/{id}")
    public Uni<ReportDetail> get(@PathParam("id") UUID id) {
        requireModerator();
        return reports.detail(caller.id(), id)
                .map(detail -> new ReportDetail(
                        QueuedReport.of(detail.report()),
                        detail.content(),
                        detail.report().franking()));
    }

    @POST
    @Path("/{id}/decision")
    public Uni<QueuedReport> decide(@PathParam("id") UUID id, DecisionRequest request) {
        requireModerator();
        if (request == null || request.action() == null || !ReportService.ACTIONS.contains(request.action())) {
            throw ProblemException.badRequest("'action' is one of " + ReportService.ACTIONS + ".");
        }
        boolean restricts = !"dismiss".equals(request.action());
        if (restricts && (request.note() == null || request.note().isBlank())) {
            throw ProblemException.badRequest("'note' (the statement of reasons) is required for this action.");
        }
        if (request.note() != null && request.note().length() > ReportResource.MAX_NOTE) {
            throw ProblemException.badRequest("'note' is at most " + ReportResource.MAX_NOTE + " characters.");
        }
        if (request.days() != null && (request.days() < 1 || request.days() > MAX_SUSPENSION_DAYS)) {
            throw ProblemException.badRequest("'days' is between 1 and " + MAX_SUSPENSION_DAYS + ".");
        }
        return reports.decide(
                        caller.id(), id, new ReportService.Decision(request.action(), request.note(), request.days()))
                .map(QueuedReport::of);
    }

    private void requireModerator() {
        if (!caller.user().hasRole(Roles.MODERATOR) && !caller.user().hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("Reports are decided by moderators.");
        }
    }
}
