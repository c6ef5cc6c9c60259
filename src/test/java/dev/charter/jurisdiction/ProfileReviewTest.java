package dev.charter.jurisdiction;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Laws change: a profile nobody has checked for six months is stale. Against the real clock on purpose, so that CI
 * starts failing the day a review falls due, and the fix is a review, not a code change.
 */
class ProfileReviewTest {

    private final List<JurisdictionProfile> profiles = new JurisdictionDirectory().profiles();

    @Test
    void everyProfileWasReviewedInTheLastSixMonths() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> stale = profiles.stream()
                .filter(p -> p.reviewedOn().plusMonths(6).isBefore(today))
                .map(p -> p.id() + " (reviewed " + p.reviewedAt() + ")")
                .toList();
        assertTrue(stale.isEmpty(), "review these profiles against the statutes, then set reviewedAt: " + stale);
    }

    @Test
    void noReviewOrLawIsDatedInTheFuture() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (JurisdictionProfile p : profiles) {
            assertTrue(!p.reviewedOn().isAfter(today.plusDays(1)), p.id() + " reviewedAt " + p.reviewedAt());
            assertTrue(!p.effectiveOn().isAfter(p.reviewedOn()), p.id() + " effectiveFrom after its review");
        }
    }
}
