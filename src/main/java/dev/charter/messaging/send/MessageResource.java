package dev.charter.messaging.send;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import dev.charter.messaging.MessageView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** A conversation's messages over REST: history pages and deleting one's own message. */
@Path("/v1/conversations/{id}/messages")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    private static final int MAX_PAGE = 500;

    private final MessageService messages;
    private final Caller caller;

    MessageResource(MessageService messages, Caller caller) {
        this.messages = messages;
        this.caller = caller;
    }

    public record MessagePage(List<MessageView> messages, boolean hasMore) {}

    @GET
    public Uni<MessagePage> history(
            @PathParam("id") UUID id,
            @QueryParam("afterSeq") @DefaultValue("0") long afterSeq,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (afterSeq < 0 || limit < 1) {
            throw ProblemException.badRequest("'afterSeq' must be >= 0 and 'limit' >= 1.");
        }
        return hideNonMembership(messages.history(caller.id(), id, afterSeq, Math.min(limit, MAX_PAGE)))
                .map(page -> new MessagePage(page.messages(), page.hasMore()));
    }

    @DELETE
    @Path("/{seq}")
    public Uni<Response> delete(@PathParam("id") UUID id, @PathParam("seq") long seq) {
        return hideNonMembership(messages.deleteOwn(caller.id(), id, seq))
                .map(ignored -> Response.noContent().build());
    }

    /** Over REST a non-member cannot tell a conversation that exists from one that does not. */
    private static <T> Uni<T> hideNonMembership(Uni<T> call) {
        return call.onFailure(f -> f instanceof ProblemException p && ErrorCodes.NOT_MEMBER.equals(p.code()))
                .transform(f -> ProblemException.notFound("No such conversation."));
    }
}
