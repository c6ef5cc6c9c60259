package dev.charter.attachment;

import dev.charter.common.Problem;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Map;
import java.util.function.Supplier;

/** The HTTP answer of a download, whole ({@code 200}) or one byte range ({@code 206}, {@code 416}). */
@Singleton
public class AttachmentDownloads {

    private final AttachmentService attachments;

    AttachmentDownloads(AttachmentService attachments) {
        this.attachments = attachments;
    }

    /** Streams what {@code open} finds, decrypted as it is written. Call it from a worker thread. */
    public Response respond(Supplier<AttachmentService.Download> open) {
        AttachmentService.Download download;
        try {
            download = open.get();
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
