package dev.charter.attachment;

import java.util.Optional;
import java.util.UUID;

/**
 * A check of every finished upload against the known-bad file digests of the uploader's jurisdiction, owned here
 * and implemented by moderation. A refused file is never kept: the upload answers {@code blocked_by_policy}.
 */
public interface UploadScreening {

    /** What is known of a finished upload: never its bytes. */
    record ScreenedUpload(
            String uploader, String jurisdiction, UUID conversation, String contentType, long size, String sha256) {}

    /**
     * The category under which the rules refuse this file, or empty to keep it. A refusal also opens a report for
     * moderators. Blocks: call it from a worker thread.
     */
    Optional<String> refusal(ScreenedUpload upload);
}
