package dev.charter.privacy;

import dev.charter.identity.Caller;
import dev.charter.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /v1/admin/retention/sweep} (admin): runs the retention sweep now instead of at its next interval. */
@Path("/v1/admin/retention/sweep")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

    private final RetentionSweeper sweeper;
    private final Caller caller;

    RetentionResource(RetentionSweeper sweeper, Caller caller) {
        this.sweeper = sweeper;
        this.caller = caller;
    }

    @POST
    public Uni<RetentionSweeper.Result> sweep() {
        return sweeper.sweep(caller.id());
    }
}
