package dev.charter.legalhold;

import dev.charter.common.Cursor;
import dev.charter.common.PageOf;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /v1/admin/holds}: the privacy officer places, lists and releases legal holds. */
@Path("/v1/admin/holds")
@RolesAllowed(Roles.PRIVACY_OFFICER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HoldResource {

    static final int MAX_PAGE = 1_000;

    private final HoldService holds;
    private final Caller caller;

    HoldResource(HoldService holds, Caller caller) {
        this.holds = holds;
        this.caller = caller;
    }

    @POST
    @ResponseStatus(201)
    public Uni<HoldView> place(HoldInput.Body body) {
        return holds.place(caller.id(), body);
    }

    /** Newest first; the next page, if any, is named by the {@code Link} header ({@code after}). */
    @GET
    public Uni<RestResponse<List<HoldView>>> list(
            @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("1000") int limit,
            @Context UriInfo uri) {
        Cursor from = Cursor.parse(after);
        return holds.page(caller.id(), from, PageOf.limit(limit, MAX_PAGE))
                .map(page -> page.response(uri, view -> view));
    }

    @POST
    @Path("/{id}/release")
    public Uni<HoldView> release(@PathParam("id") UUID id) {
        return holds.release(caller.id(), id);
    }
}
