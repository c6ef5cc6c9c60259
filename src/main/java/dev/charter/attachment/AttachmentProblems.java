package dev.charter.attachment;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;

/** The errors of attachments, with the codes documented in contract.md. */
final class AttachmentProblems {

    static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    static final String CONTENT_TYPE_MISMATCH = "content_type_mismatch";
    static final String QUOTA_EXCEEDED = "quota_exceeded";

    private AttachmentProblems() {}

    static ProblemException tooLarge(long max) {
        return new ProblemException(
                413, ErrorCodes.PAYLOAD_TOO_LARGE, "The file is larger than the limit of " + max + " bytes.");
    }

    static ProblemException unsupported(String type) {
        return new ProblemException(
                415,
                UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be one of "
                        + String.join(
                                ", ", ContentTypes.ACCEPTED.stream().sorted().toList())
                        + (type == null ? "." : "; got " + type.replaceAll("[^\\w./+-]", "?") + "."));
    }

    static ProblemException mismatch(String type) {
        return new ProblemException(
                415, CONTENT_TYPE_MISMATCH, "The file's bytes are not " + type + " (magic number mismatch).");
    }

    static ProblemException quota(long quota) {
        return new ProblemException(
                422,
                QUOTA_EXCEEDED,
                "Storing this file would take your attachments past your quota of " + quota + " bytes.");
    }

    static ProblemException refused(String category) {
        return new ProblemException(
                422,
                ErrorCodes.BLOCKED_BY_POLICY,
                "This file is refused by the content rules (" + category + "); moderators have been told.",
                java.util.Map.of("category", category));
    }

    static ProblemException noSuchAttachment() {
        return ProblemException.notFound("No such attachment.");
    }

    static ProblemException unreadable() {
        return ProblemException.notFound(
                "This attachment can no longer be read: the key that sealed it was destroyed (erasure or retention).");
    }
}
