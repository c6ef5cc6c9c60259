package dev.charter.breach;

import java.time.Instant;

/**
 * A breach's jurisdiction as shown now: the stored row with its counts as of now. {@code listedCount} counts
 * the affected users still named; {@code erasedCount} those erased (before or after the breach was recorded),
 * who are only counted.
 */
record AffectedJurisdiction(BreachJurisdiction row, long listedCount, long erasedCount) {

    boolean overdue(Instant now) {
        return row.overdue(now);
    }
}
