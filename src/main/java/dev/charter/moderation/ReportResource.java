package dev.charter.moderation;

import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** A member reports a message ({@code POST /v1/reports}) and follows its outcome ({@code GET /v1/me/reports}). */
@Path("/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReportResource {

    static final int MAX_NOTE = 2_000;
    /** As large as the largest message text a frame can carry. */
    static final int MAX_COPY = 65_536;

    private final ReportService reports;
    private final Caller caller;

    ReportResource(ReportService reports, Caller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    /**
     * {@code copy}: for end-to-end encrypted conversations, the reporter's decrypted copy of the message; {@code
     * franking}: the message's franking evidence, whose plaintext is then the copy.
     */
    public record ReportRequest(
            UUID conversation, Long seq, String reason, String note, String copy, ReportFranking.Evidence franking) {}

    @RegisterForReflection
    public record Created(UUID id, String status) {}

    @POST
    @Path("/reports")
    public Uni<Response> report(ReportRequest request) {
        if (request == null || request.conversation() == null || request.seq() == null || request.seq() < 1) {
            throw ProblemException.badRequest("'conversation' and 'seq' (>= 1) are required.");
        }
        if (request.reason() == null || !ReportService.REASONS.contains(request.reason())) {
            throw ProblemException.badRequest("'reason' is one of " + ReportService.REASONS + ".");
        }
        if (request.note() != null && request.note().length() > MAX_NOTE) {
            throw ProblemException.badRequest("'note' is at most " + MAX_NOTE + " characters.");
        }
        if (request.copy() != null && request.copy().length() > MAX_COPY) {
            throw ProblemException.badRequest("'copy' is at most " + MAX_COPY + " characters.");
        }
        return reports.report(
                        caller.id(),
                        request.conversation(),
                        request.seq(),
                        request.reason(),
                        request.note(),
                        request.copy(),
                        request.franking())
                .map(r -> Response.status(201)
                        .entity(new Created(r.id, r.status.value()))
                        .build());
    }

    @GET
    @Path("/me/reports")
    public Uni<List<FiledReport>> mine() {
        return reports.filedBy(caller.id());
    }
}
