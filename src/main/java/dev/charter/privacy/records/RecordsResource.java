package dev.charter.privacy.records;

import dev.charter.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/admin/records-of-processing} (privacy officer): the records of processing as JSON, or as Markdown
 * with {@code Accept: text/markdown}.
 */
@Path("/v1/admin/records-of-processing")
@RolesAllowed(Roles.PRIVACY_OFFICER)
public class RecordsResource {

    static final String MARKDOWN = "text/markdown";
    private static final MediaType MARKDOWN_TYPE = MediaType.valueOf(MARKDOWN + ";charset=UTF-8");

    private final RecordsOfProcessing records;

    RecordsResource(RecordsOfProcessing records) {
        this.records = records;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, MARKDOWN})
    public Response records(@Context HttpHeaders headers) {
        RecordsOfProcessing.Records current = records.current();
        if (prefersMarkdown(headers)) {
            return Response.ok(RecordsMarkdown.render(current), MARKDOWN_TYPE).build();
        }
        return Response.ok(current, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The first acceptable type, in the client's order of preference, decides; a wildcard gets JSON. */
    private static boolean prefersMarkdown(HttpHeaders headers) {
        for (MediaType acceptable : headers.getAcceptableMediaTypes()) {
            if (acceptable.isWildcardType() || acceptable.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (acceptable.isCompatible(MediaType.valueOf(MARKDOWN))) {
                return true;
            }
        }
        return false;
    }
}
