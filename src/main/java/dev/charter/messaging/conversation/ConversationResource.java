package dev.charter.messaging.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charter.common.Cursor;
import dev.charter.common.PageOf;
import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/conversations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConversationResource {

    static final int DEFAULT_PAGE = 200;
    static final int MAX_PAGE = 500;

    private final ConversationService conversations;
    private final Caller caller;

    ConversationResource(ConversationService conversations, Caller caller) {
        this.conversations = conversations;
        this.caller = caller;
    }

    public record CreateRequest(String kind, String title, List<String> members, Boolean e2ee, Integer retentionDays) {}

    /** {@code {"days": 30}}, or {@code {"days": null}} for the jurisdiction defaults. */
    public record RetentionRequest(Integer days) {}

    public record AddMemberRequest(String user) {}

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ConversationBody(
            UUID id,
            String kind,
            String title,
            List<String> members,
            long lastSeq,
            Long readSeq,
            boolean e2ee,
            Integer retentionDays) {
        static ConversationBody of(Conversation c, boolean withReadSeq) {
            return new ConversationBody(
                    c.id(),
                    c.kind(),
                    c.title(),
                    c.members(),
                    c.lastSeq(),
                    withReadSeq ? c.readSeq() : null,
                    c.e2ee(),
                    c.retentionDays());
        }
    }

    @POST
    public Uni<Response> create(CreateRequest request) {
        if (request == null
                || request.kind() == null
                || request.members() == null
                || request.members().stream().anyMatch(m -> m == null || m.isBlank())) {
            throw ProblemException.badRequest("'kind' and 'members' (user ids) are required.");
        }
        return conversations
                .create(
                        caller.id(),
                        request.kind(),
                        request.title(),
                        request.members(),
                        Boolean.TRUE.equals(request.e2ee()),
                        request.retentionDays())
                .map(created -> Response.status(created.created() ? 201 : 200)
                        .entity(ConversationBody.of(created.conversation(), false))
                        .build());
    }

    /** A plain array, oldest first; {@code Link: <…>; rel="next"} when there are more. */
    @GET
    public Uni<RestResponse<List<ConversationBody>>> list(
            @QueryParam("limit") @DefaultValue("" + DEFAULT_PAGE) int limit,
            @QueryParam("after") String after,
            @Context UriInfo uri) {
        return conversations
                .list(caller.id(), PageOf.limit(limit, MAX_PAGE), Cursor.parse(after))
                .map(page -> page.response(uri, c -> ConversationBody.of(c, true)));
    }

    @DELETE
    @Path("/{id}/members/me")
    public Uni<Response> leave(@PathParam("id") UUID id) {
        return conversations
                .leave(caller.id(), id)
                .map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/members")
    public Uni<Response> addMember(@PathParam("id") UUID id, AddMemberRequest request) {
        if (request == null || request.user() == null || request.user().isBlank()) {
            throw ProblemException.badRequest("'user' is required.");
        }
        return conversations
                .addMember(caller.id(), id, request.user())
                .map(ignored -> Response.noContent().build());
    }

    @PUT
    @Path("/{id}/retention")
    public Uni<ConversationBody> setRetention(@PathParam("id") UUID id, RetentionRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A body {\"days\": n} (or null) is required.");
        }
        return conversations.setRetention(caller.id(), id, request.days()).map(c -> ConversationBody.of(c, true));
    }
}
