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
import jakarta.ws.rs.PATCH;
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

/** {@code /v1/admin/government-requests}: the privacy officer's register of lawful requests and orders. */
@Path("/v1/admin/government-requests")
@RolesAllowed(Roles.PRIVACY_OFFICER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GovernmentRequestResource {

    static final int MAX_PAGE = 1_000;

    private final GovernmentRequestService requests;
    private final Caller caller;

    GovernmentRequestResource(GovernmentRequestService requests, Caller caller) {
        this.requests = requests;
        this.caller = caller;
    }

    @POST
    @ResponseStatus(201)
    public Uni<GovernmentRequestView> record(GovernmentRequestInput.Body body) {
        return requests.record(caller.id(), body);
    }

    /** Most recently received first; the next page, if any, is named by the {@code Link} header. */
    @GET
    public Uni<RestResponse<List<GovernmentRequestView>>> list(
            @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("1000") int limit,
            @Context UriInfo uri) {
        Cursor from = Cursor.parse(after);
        return requests.page(caller.id(), from, PageOf.limit(limit, MAX_PAGE))
                .map(page -> page.response(uri, view -> view));
    }

    @PATCH
    @Path("/{id}")
    public Uni<GovernmentRequestView> decide(@PathParam("id") UUID id, GovernmentRequestInput.Outcome body) {
        return requests.decide(caller.id(), id, body);
    }
}
