package dev.charter.blocking;

import dev.charter.identity.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

@Path("/v1/me/blocks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class BlockResource {

    private final BlockService blocks;
    private final Caller caller;

    BlockResource(BlockService blocks, Caller caller) {
        this.blocks = blocks;
        this.caller = caller;
    }

    @GET
    public Uni<List<String>> list() {
        return blocks.madeBy(caller.id())
                .map(made -> made.stream().map(Block::user).toList());
    }

    @PUT
    @Path("/{userId}")
    public Uni<Response> block(@PathParam("userId") String userId) {
        return blocks.block(caller.id(), userId)
                .replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("/{userId}")
    public Uni<Response> unblock(@PathParam("userId") String userId) {
        return blocks.unblock(caller.id(), userId)
                .replaceWith(Response.noContent().build());
    }
}
