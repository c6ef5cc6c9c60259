package dev.charter.moderation;

import dev.charter.attachment.UploadScreening;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Refuses uploads whose digest is on a known-bad list of the uploader's jurisdiction and puts each refusal in
 * front of moderators as a report of source {@code upload} (reason {@code illegal}: such lists hold abuse and
 * terrorist material), once per uploader and file while it is open.
 */
@Singleton
class RefusedUploads implements UploadScreening {

    static final String SOURCE = "upload";

    private static final Duration DB_WAIT = Duration.ofSeconds(30);

    private final KnownBadFiles knownBad;
    private final ReportTargetRepository reports;

    RefusedUploads(KnownBadFiles knownBad, ReportTargetRepository reports) {
        this.knownBad = knownBad;
        this.reports = reports;
    }

    @Override
    public Optional<String> refusal(ScreenedUpload upload) {
        Optional<String> category = knownBad.category(upload.jurisdiction(), upload.sha256());
        category.ifPresent(c -> reports.openUploadReport(
                        upload.conversation(),
                        upload.uploader(),
                        c,
                        "Refused upload: " + upload.contentType() + ", " + upload.size() + " bytes, SHA-256 "
                                + upload.sha256(),
                        upload.sha256())
                .await()
                .atMost(DB_WAIT));
        return category;
    }
}
