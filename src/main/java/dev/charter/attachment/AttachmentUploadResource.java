package dev.charter.attachment;

import dev.charter.identity.Caller;
import dev.charter.identity.CurrentUser;
import dev.charter.jurisdiction.JurisdictionDirectory;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.UUID;

/** Uploading a file to a conversation: the body is the file, streamed, never held whole in memory. */
@Path("/v1/conversations/{id}/attachments")
@Authenticated
public class AttachmentUploadResource {

    private final AttachmentService attachments;
    private final Caller caller;
    private final JurisdictionDirectory jurisdictions;

    AttachmentUploadResource(AttachmentService attachments, Caller caller, JurisdictionDirectory jurisdictions) {
        this.attachments = attachments;
        this.caller = caller;
        this.jurisdictions = jurisdictions;
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(
            @PathParam("id") UUID conversation,
            @HeaderParam("Content-Type") String contentType,
            RoutingContext request,
            InputStream body) {
        Long declared = request.get(UploadBodyLimit.DECLARED_LENGTH);
        CurrentUser user = caller.user();
        AttachmentView view = attachments.upload(
                user.id(),
                jurisdictions.jurisdictionOf(user.country(), user.subdivision()),
                conversation,
                contentType,
                declared == null ? -1 : declared,
                body);
        return Response.status(201).entity(view).build();
    }
}
