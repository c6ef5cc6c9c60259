package dev.charter.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.common.PageOf;
import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import dev.charter.identity.Roles;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /v1/admin/audit}: the privacy officer's and admins' view of the chain. */
@Path("/v1/admin/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final int MAX_PAGE = 1_000;

    private final AuditLog audit;
    private final AuditCheckpoints checkpoints;
    private final Caller caller;

    AuditResource(AuditLog audit, AuditCheckpoints checkpoints, Caller caller) {
        this.audit = audit;
        this.checkpoints = checkpoints;
        this.caller = caller;
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EventBody(long seq, String at, String actor, String action, String subject, JsonNode details) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VerifyBody(boolean valid, Long events, String head, Long brokenAt) {}

    /**
     * {@code after} is a seq (events after it) or an RFC 3339 instant (events after that time). Reading the
     * log is itself recorded: who looked at whose trail is an access to personal data too.
     */
    @GET
    public Uni<RestResponse<List<EventBody>>> search(
            @QueryParam("subject") String subject,
            @QueryParam("actor") String actor,
            @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("100") int limit,
            @Context UriInfo uri) {
        requireAuditor();
        long afterSeq = 0;
        Instant afterTime = null;
        if (after != null && !after.isBlank()) {
            try {
                afterSeq = Long.parseLong(after.trim());
            } catch (NumberFormatException notSeq) {
                try {
                    afterTime = Instant.parse(after.trim());
                } catch (DateTimeParseException e) {
                    throw ProblemException.badRequest("'after' is a seq or an RFC 3339 time.");
                }
            }
        }
        int pageSize = PageOf.limit(limit, MAX_PAGE);
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("subject", blankToNull(subject));
        filters.put("actor", blankToNull(actor));
        filters.put("after", blankToNull(after));
        String reader = caller.id();
        return audit.search(blankToNull(subject), blankToNull(actor), afterSeq, afterTime, pageSize + 1)
                .map(events -> events.size() > pageSize ? events.subList(0, pageSize) : events)
                .call(events -> {
                    filters.put("returned", events.size());
                    return audit.record(reader, "audit.read", blankToNull(subject), filters);
                })
                .map(events -> {
                    var page = RestResponse.ResponseBuilder.ok(events.stream()
                            .map(e -> new EventBody(
                                    e.seq(), e.at().toString(), e.actor(), e.action(), e.subject(), e.details()))
                            .toList());
                    if (events.size() == pageSize) {
                        // The next page starts after the last seq of this one (it may turn out empty).
                        var next = uri.getRequestUriBuilder()
                                .replaceQueryParam(
                                        "after", events.get(pageSize - 1).seq())
                                .build();
                        page.header("Link", "<" + next.getRawPath() + "?" + next.getRawQuery() + ">; rel=\"next\"");
                    }
                    return page.build();
                });
    }

    @GET
    @Path("/verify")
    public Uni<VerifyBody> verify() {
        requireAuditor();
        return audit.verify()
                .map(v -> v.valid()
                        ? new VerifyBody(true, v.events(), v.head(), null)
                        : new VerifyBody(false, null, null, v.brokenAt()));
    }

    /** Writes a checkpoint now (also done periodically): {@code 201} with it, {@code 204} when nothing is new. */
    @POST
    @Path("/checkpoints")
    public Uni<Response> checkpoint() {
        requireAuditor();
        if (!checkpoints.enabled()) {
            throw new ProblemException(
                    409,
                    dev.charter.common.ErrorCodes.CONFLICT,
                    "Checkpoints need charter.ledger.dir and a checkpoint key.");
        }
        String actor = caller.id();
        return checkpoints
                .checkpoint()
                .call(written -> audit.record(
                        actor,
                        "audit.checkpoint",
                        null,
                        written.<Map<String, Object>>map(c -> Map.of("uptoSeq", c.uptoSeq(), "file", c.file()))
                                .orElse(Map.of("uptoSeq", "none"))))
                .map(written -> written.map(c -> Response.status(201).entity(c).build())
                        .orElse(Response.noContent().build()));
    }

    private void requireAuditor() {
        if (!caller.user().hasRole(Roles.PRIVACY_OFFICER) && !caller.user().hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("The audit log is for the privacy officer and admins.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
