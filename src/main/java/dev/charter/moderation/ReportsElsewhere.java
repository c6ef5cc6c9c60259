package dev.charter.moderation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Reports on messages of a conversation another region hosts: that region's moderators decide them, with the
 * message in front of them. Owned by moderation, implemented by federation, which hands the report to the host
 * (durably: retried until the host has it).
 */
public interface ReportsElsewhere {

    /** What the host needs of a report: the message, who reported it, why. The same id in both regions. */
    @RegisterForReflection
    record ForwardedReport(UUID id, UUID conversation, long seq, String reporter, String reason, String note) {}

    /** Queues the report for the host region; completes once it is durably queued. */
    Uni<Void> forward(String hostRegion, ForwardedReport report);
}
