package dev.charter.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

@Path("/v1/conversations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConversationResource {

    private static final int MAX_PAGE = 500;

    private final ConversationService conversations;
    private final MessageService messages;
    private final Caller caller;

    ConversationResource(ConversationService conversations, MessageService messages, Caller caller) {
        this.conversations = conversations;
        this.messages = messages;
        this.caller = caller;
    }

    public record CreateRequest(String kind, String title, List<String> members, Boolean e2ee,
            Integer retentionDays) {
    }

    /** {@code {"days": 30}}, or {@code {"days": null}} for the jurisdiction defaults. */
    public record RetentionRequest(Integer days) {
    }

    public record AddMemberRequest(String user) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ConversationBody(UUID id, String kind, String title, List<String> members, long lastSeq,
            Long readSeq, boolean e2ee, Integer retentionDays) {
        static ConversationBody of(Conversation c, boolean withReadSeq) {
            return new ConversationBody(c.id(), c.kind(), c.title(), c.members(), c.lastSeq(),
                    withReadSeq ? c.readSeq() : null, c.e2ee(), c.retentionDays());
        }
    }

    public record MessagePage(List<MessageView> messages, boolean hasMore) {
    }

    @POST
    public Uni<Response> create(CreateRequest request) {
        if (request == null || request.kind() == null || request.members() == null
                || request.members().stream().anyMatch(m -> m == null || m.isBlank())) {
            throw ProblemException.badRequest("'kind' and 'members' (user ids) are required.");
        }
        return conversations.create(caller.id(), request.kind(), request.title(), request.members(),
                Boolean.TRUE.equals(request.e2ee()), request.retentionDays())
                .map(created -> Response.status(created.created() ? 201 : 200)
                        .entity(ConversationBody.of(created.conversation(), false)).build());
    }

    @GET
    public Uni<List<ConversationBody>> list() {
        return conversations.list(caller.id())
                .map(list -> list.stream().map(c -> ConversationBody.of(c, true)).toList());
    }

    @POST
    @Path("/{id}/members")
    public Uni<Response> addMember(@PathParam("id") UUID id, AddMemberRequest request) {
        if (request == null || request.user() == null || request.user().isBlank()) {
            throw ProblemException.badRequest("'user' is required.");
        }
        return conversations.addMember(caller.id(), id, request.user()).map(ignored -> Response.noContent().build());
    }

    @PUT
    @Path("/{id}/retention")
    public Uni<ConversationBody> setRetention(@PathParam("id") UUID id, RetentionRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A body {\"days\": n} (or null) is required.");
        }
        return conversations.setRetention(caller.id(), id, request.days()).map(c -> ConversationBody.of(c, true));
    }

    @GET
    @Path("/{id}/messages")
    public Uni<MessagePage> history(@PathParam("id") UUID id, @QueryParam("afterSeq") @DefaultValue("0") long afterSeq,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (afterSeq < 0 || limit < 1) {
            throw ProblemException.badRequest("'afterSeq' must be >= 0 and 'limit' >= 1.");
        }
        return hideNonMembership(messages.history(caller.id(), id, afterSeq, Math.min(limit, MAX_PAGE)))
                .map(page -> new MessagePage(page.messages(), page.hasMore()));
    }

    @DELETE
    @Path("/{id}/messages/{seq}")
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
