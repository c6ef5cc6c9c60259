package dev.charter.legalhold;

import dev.charter.identity.Caller;
import dev.charter.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/admin/transparency-report?quarter=2026-Q4}: counts only, nothing about any user. */
@Path("/v1/admin/transparency-report")
@RolesAllowed(Roles.PRIVACY_OFFICER)
@Produces(MediaType.APPLICATION_JSON)
public class TransparencyResource {

    private final TransparencyService reports;
    private final Caller caller;

    TransparencyResource(TransparencyService reports, Caller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    @GET
    public Uni<TransparencyReport> report(@QueryParam("quarter") String quarter) {
        return reports.report(caller.id(), quarter);
    }
}
