package dev.charter.legalhold;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/** A government request as the privacy officer sees it; {@code overdue}: still pending past its deadline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record GovernmentRequestView(
        UUID id,
        String country,
        String authority,
        String type,
        boolean urgent,
        String legalBasis,
        String reference,
        String receivedAt,
        String deadline,
        String deadlineSource,
        String outcome,
        String outcomeNote,
        String decidedAt,
        boolean overdue) {

    static GovernmentRequestView of(GovernmentRequest r, Instant now) {
        return new GovernmentRequestView(
                r.id,
                r.country,
                r.authority,
                r.type,
                r.urgent,
                r.legalBasis,
                r.reference,
                r.receivedAt.toString(),
                r.deadline.toString(),
                r.deadlineSource,
                r.outcome,
                r.outcomeNote,
                r.decidedAt == null ? null : r.decidedAt.toString(),
                "pending".equals(r.outcome) && r.deadline.isBefore(now));
    }
}
