package dev.charter.breach;

import java.time.Instant;
import java.util.UUID;

/**
 * One affected jurisdiction of a breach with its notification deadline, fixed when the breach was recorded.
 * {@code listedCount} counts the affected users still named; {@code erasedCount} those erased (before or
 * after the breach was recorded), who are only counted.
 */
public record BreachJurisdiction(UUID breachId, String jurisdiction, Integer windowHours, Instant deadline,
        String source, long listedCount, long erasedCount, Instant notifiedAt, String notifiedBy,
        String reference) {

    public boolean overdue(Instant now) {
        return notifiedAt == null && deadline != null && deadline.isBefore(now);
    }
}
