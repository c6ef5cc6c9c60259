package dev.charter.breach;

import dev.charter.identity.Caller;
import dev.charter.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * {@code /v1/admin/breaches}: admins record breaches; privacy officers read them and, like admins, record the
 * regulator notifications they make.
 */
@Path("/v1/admin/breaches")
@RolesAllowed({Roles.ADMIN, Roles.PRIVACY_OFFICER})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BreachResource {

    private final BreachService breaches;
    private final Caller caller;

    BreachResource(BreachService breaches, Caller caller) {
        this.breaches = breaches;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(201)
    public Uni<BreachView> record(BreachBody body) {
        return breaches.record(caller.id(), body);
    }

    @GET
    public Uni<List<BreachView>> list(@QueryParam("overdue") @DefaultValue("false") boolean overdue) {
        return breaches.list(caller.id(), overdue);
    }

    @GET
    @Path("/{id}")
    public Uni<BreachView> read(@PathParam("id") UUID id) {
        return breaches.read(caller.id(), id);
    }

    @POST
    @Path("/{id}/notifications")
    public Uni<BreachView> notified(@PathParam("id") UUID id, NotificationBody body) {
        return breaches.notified(caller.id(), id, body);
    }
}
