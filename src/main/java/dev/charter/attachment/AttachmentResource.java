package dev.charter.attachment;

import dev.charter.identity.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Downloading an attachment, whole or one byte range, decrypted as it is written. */
@Path("/v1/attachments")
@Authenticated
public class AttachmentResource {

    private final AttachmentService attachments;
    private final AttachmentDownloads downloads;
    private final Caller caller;

    AttachmentResource(AttachmentService attachments, AttachmentDownloads downloads, Caller caller) {
        this.attachments = attachments;
        this.downloads = downloads;
        this.caller = caller;
    }

    @GET
    @Path("/{id}")
    @Blocking
    public Response download(@PathParam("id") UUID id, @HeaderParam("Range") String range) {
        String user = caller.id();
        return downloads.respond(() -> attachments.open(user, id, range));
    }
}
