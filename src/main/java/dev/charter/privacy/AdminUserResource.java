package dev.charter.privacy;

import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import dev.charter.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /v1/admin/users/{id}/reenable} (admin) {@code {"reason"}}: an erased id may call again. */
@Path("/v1/admin/users")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminUserResource {

    public record ReenableRequest(String reason) {}

    private final ReenableService reenable;
    private final Caller caller;

    AdminUserResource(ReenableService reenable, Caller caller) {
        this.reenable = reenable;
        this.caller = caller;
    }

    @POST
    @Path("/{id}/reenable")
    public Uni<Response> reenable(@PathParam("id") String id, ReenableRequest request) {
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            throw ProblemException.badRequest("A 'reason' is required: re-enabling an erased id is audited.");
        }
        return reenable.reenable(caller.id(), id, request.reason())
                .map(ignored -> Response.noContent().build());
    }
}
