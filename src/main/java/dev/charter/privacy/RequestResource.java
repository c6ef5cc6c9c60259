package dev.charter.privacy;

import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /v1/me/requests}: a user's own rights requests. */
@Path("/v1/me/requests")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RequestResource {

    private final RightsRequestService requests;
    private final ExportService exports;
    private final ExportSlots slots;
    private final Caller caller;

    RequestResource(RightsRequestService requests, ExportService exports, ExportSlots slots, Caller caller) {
        this.slots = slots;
        this.requests = requests;
        this.exports = exports;
        this.caller = caller;
    }

    public record NewRequest(String type, Map<String, Object> details) {}

    @POST
    public Uni<Response> submit(NewRequest body) {
        if (body == null || body.type() == null) {
            throw ProblemException.badRequest("'type' is required.");
        }
        return requests.submit(caller.user(), body.type(), body.details() == null ? Map.of() : body.details())
                .map(r -> Response.accepted(RequestBody.of(r)).build());
    }

    @GET
    public Uni<List<RequestBody>> list() {
        return requests.mine(caller.id())
                .map(list -> list.stream().map(RequestBody::of).toList());
    }

    /**
     * The export of a completed access or portability request, streamed (bounded memory at any size). It runs on
     * a virtual thread: a slow reader blocks only that, never a worker thread.
     */
    @GET
    @Path("/{id}/export")
    @RunOnVirtualThread
    public Response export(@PathParam("id") UUID id) {
        String user = caller.id();
        RightsRequest request = SessionContexts.await(() -> requests.mine(user, id));
        if (!request.exportReady()) {
            throw ProblemException.notFound("This request has no export.");
        }
        ExportSlots.Slot slot = slots.acquire(user);
        StreamingOutput body = out -> {
            try (slot) {
                exports.writeJson(user, out);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"charter-export.json\"")
                .build();
    }

    @GET
    @Path("/{id}")
    public Uni<RequestBody> get(@PathParam("id") UUID id) {
        return requests.mine(caller.id(), id).map(RequestBody::of);
    }
}
