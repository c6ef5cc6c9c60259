package dev.charter.moderation;

import java.time.Instant;
import java.util.UUID;

/** A report by a member ({@code source = user}) or a flag of the content rules ({@code source = policy}). */
record Report(
        UUID id,
        String source,
        String reporter,
        UUID conversation,
        long seq,
        String reportedUser,
        String reason,
        String category,
        String note,
        String status,
        String action,
        String decisionNote,
        String decidedBy,
        Instant decidedAt,
        Instant createdAt) {

    static final String OPEN = "open";
    static final String RESOLVED = "resolved";
}
