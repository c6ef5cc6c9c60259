package dev.charter.moderation;

import dev.charter.attachment.AttachmentDownloads;
import dev.charter.attachment.AttachmentView;
import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import dev.charter.identity.Roles;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * {@code /v1/admin/reports/{id}/attachments} (moderator or admin): the files of a reported message, listed and each
 * opened (decrypted as it is written, ranges supported).
 */
@Path("/v1/admin/reports/{id}/attachments")
@Authenticated
public class ReportedAttachmentResource {

    private final ReportedAttachments reported;
    private final AttachmentDownloads downloads;
    private final Caller caller;

    ReportedAttachmentResource(ReportedAttachments reported, AttachmentDownloads downloads, Caller caller) {
        this.reported = reported;
        this.downloads = downloads;
        this.caller = caller;
    }

    @GET
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public List<AttachmentView> list(@PathParam("id") UUID report) {
        return reported.list(moderator(), report);
    }

    @GET
    @Path("/{attachment}")
    @Blocking
    public Response open(
            @PathParam("id") UUID report,
            @PathParam("attachment") UUID attachment,
            @HeaderParam("Range") String range) {
        String moderator = moderator();
        return downloads.respond(() -> reported.open(moderator, report, attachment, range));
    }

    private String moderator() {
        if (!caller.user().hasRole(Roles.MODERATOR) && !caller.user().hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("Reports are decided by moderators.");
        }
        return caller.id();
    }
}
