package dev.charter.attachment;

import dev.charter.common.Problem;
import dev.charter.identity.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Map;
import java.util.UUID;

/** Downloading an attachment, whole or one byte range, decrypted as it is written. */
@Path("/v1/attachments")
@Authenticated
public class AttachmentResource {

    private final AttachmentService attachments;
    private final Caller caller;

    AttachmentResource(AttachmentService attachments, Caller caller) {
        this.attachments = attachments;
        this.caller = caller;
    }

    @GET
    @Path("/{id}")
    @Blocking
    public Response download(@PathParam("id") UUID id, @HeaderParam("Range") String range) {
        AttachmentService.Download download;
        try {
            download = attachments.open(caller.id(), id, range);
        } catch (ByteRange.Unsatisfiable e) {
            long size = e.size;
            return Response.fromResponse(Problem.of(
                                    416,
                                    "range_not_satisfiable",
                                    "The range lies outside the file of " + size + " bytes.",
                                    Map.of())
                            .toResponse())
                    .header("Content-Range", "bytes */" + size)
                    .build();
        }
        StreamingOutput body = out -> attachments.write(download, out);
        Response.ResponseBuilder response = Response.status(download.range() == null ? 200 : 206)
                .entity(body)
                .type(download.contentType())
                .header("Content-Length", download.total())
                .header("Accept-Ranges", "bytes")
                .header("Cache-Control", "private, no-store")
                .header("X-Content-Type-Options", "nosniff");
        if (download.range() != null) {
            response.header(
                    "Content-Range",
                    "bytes " + download.range().first() + "-" + download.range().last() + "/" + download.size());
        }
        return response.build();
    }
}
