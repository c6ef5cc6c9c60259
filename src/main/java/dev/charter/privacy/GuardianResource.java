package dev.charter.privacy;

import dev.charter.audit.AuditLog;
import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import dev.charter.identity.UserService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * {@code /v1/guardians/{childId}}: the guardian named in a minor's token approves the child's account
 * (verifiable parental consent: GDPR Art. 8(2), COPPA 16 CFR § 312.5). Anyone else gets 404.
 */
@Path("/v1/guardians/{childId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GuardianResource {

    private final UserService users;
    private final Caller caller;
    private final AuditLog audit;
    private final ExportService exports;
    private final ExportSlots slots;
    private final RightsRequestService requests;
    private final ConsentService consents;

    GuardianResource(
            UserService users,
            Caller caller,
            AuditLog audit,
            ExportService exports,
            ExportSlots slots,
            RightsRequestService requests,
            ConsentService consents) {
        this.consents = consents;
        this.slots = slots;
        this.users = users;
        this.caller = caller;
        this.audit = audit;
        this.exports = exports;
        this.requests = requests;
    }

    /** The child's data export, for their guardian (an access by someone else: audited). */
    @GET
    @Path("/export")
    @RunOnVirtualThread
    public Response export(@PathParam("childId") String child) {
        String guardian = caller.id();
        users.requireChildOf(guardian, child).await().indefinitely();
        audit.record(guardian, "guardian.export", child, java.util.Map.of())
                .await()
                .indefinitely();
        ExportSlots.Slot slot = slots.acquire(child);
        StreamingOutput body = out -> {
            try (slot) {
                exports.writeJson(child, out);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    /** Erases the child's data; answers with the completed erasure request. */
    @DELETE
    public Uni<RequestBody> erase(@PathParam("childId") String child) {
        return requests.eraseChild(caller.id(), child).map(RequestBody::of);
    }

    /** {@code birthdate} (optional, {@code YYYY-MM-DD}): the child's age as the guardian attests it. */
    public record Approval(String evidence, String birthdate) {}

    @POST
    @Path("/approve")
    public Uni<Response> approve(@PathParam("childId") String child, Approval body) {
        if (body == null || body.evidence() == null || body.evidence().isBlank()) {
            throw ProblemException.badRequest("'evidence' (the verification provider's reference) is required.");
        }
        java.time.LocalDate attested = attestedBirthdate(body.birthdate());
        return users.approveChild(caller.id(), child, body.evidence(), attested)
                .call(() -> audit.record(
                        caller.id(), "guardian.approved", child, java.util.Map.of("evidence", body.evidence())))
                .map(ignored -> Response.noContent().build());
    }

    /**
     * The guardian grants or withdraws one of the child's optional purposes (where the law lets only the parent
     * consent below an age); same body as {@code PUT /v1/me/consents/{purpose}}.
     */
    @jakarta.ws.rs.PUT
    @Path("/consents/{purpose}")
    public Uni<ConsentRecord> decide(
            @PathParam("childId") String child,
            @PathParam("purpose") String purpose,
            ConsentResource.Decision decision) {
        if (decision == null
                || decision.granted() == null
                || decision.policyVersion() == null
                || decision.locale() == null) {
            throw ProblemException.badRequest("'granted', 'policyVersion' and 'locale' are required.");
        }
        return users.requireChildOf(caller.id(), child)
                .flatMap(stored -> consents.decide(
                        child, purpose, decision.granted(), decision.policyVersion(), decision.locale(), caller.id()));
    }

    private java.time.LocalDate attestedBirthdate(String text) {
        if (text == null) {
            return null;
        }
        try {
            java.time.LocalDate birthdate = java.time.LocalDate.parse(text);
            if (birthdate.isAfter(java.time.LocalDate.now(java.time.ZoneOffset.UTC))) {
                throw ProblemException.badRequest("'birthdate' lies in the future.");
            }
            return birthdate;
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.badRequest("'birthdate' must be a date, YYYY-MM-DD.");
        }
    }
}
