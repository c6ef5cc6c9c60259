package dev.charter.breach;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A breach as the admin and privacy officer see it. {@code overdue} is true while any jurisdiction is past its
 * deadline without a recorded notification. Lists leave {@code users} out; the detail view names them.
 */
@RegisterForReflection
public record BreachView(
        UUID id,
        String title,
        String description,
        String detectedAt,
        String occurredAt,
        List<String> dataCategories,
        Map<String, Object> affected,
        String recordedBy,
        String recordedAt,
        long affectedCount,
        long erasedCount,
        boolean overdue,
        List<JurisdictionView> jurisdictions) {

    /**
     * {@code rule} is {@code within_hours} (with {@code windowHours} and a {@code deadline}) or
     * {@code without_undue_delay} (no deadline the law lets us compute: {@code deadline} and
     * {@code timeLeftSeconds} are null, {@code source} quotes the statute). {@code timeLeftSeconds} is negative
     * once overdue and null after the notification. {@code users} names at most
     * {@link BreachRepository#LISTED_PER_JURISDICTION} users; {@code usersTruncated} says when there are more.
     * {@code clocks} lists every notification duty of the jurisdiction (regulator, board, CERT, individuals,
     * attorney general), each with its own deadline ({@link ClockView}); {@code overdue} is the regulator's.
     */
    @RegisterForReflection
    public record JurisdictionView(
            String jurisdiction,
            String rule,
            Integer windowHours,
            String deadline,
            Long timeLeftSeconds,
            boolean overdue,
            String source,
            long affectedCount,
            long erasedCount,
            boolean notified,
            String notifiedAt,
            String notifiedBy,
            String reference,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> users,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean usersTruncated,
            List<ClockView> clocks) {

        static JurisdictionView of(AffectedJurisdiction affected, List<String> users, Instant detectedAt, Instant now) {
            BreachJurisdiction j = affected.row();
            Long timeLeft = j.deadline == null || j.notifiedAt != null
                    ? null
                    : Duration.between(now, j.deadline).getSeconds();
            return new JurisdictionView(
                    j.jurisdiction,
                    NotificationWindow.rule(j.windowHours),
                    j.windowHours,
                    text(j.deadline),
                    timeLeft,
                    affected.overdue(now),
                    j.source,
                    affected.listedCount() + affected.erasedCount(),
                    affected.erasedCount(),
                    j.notifiedAt != null,
                    text(j.notifiedAt),
                    j.notifiedBy,
                    j.reference,
                    users,
                    users == null ? null : users.size() < affected.listedCount(),
                    ClockView.of(j, detectedAt, affected.listedCount() + affected.erasedCount(), now));
        }
    }

    /** {@code users} by jurisdiction, or null for a summary without them. */
    static BreachView of(
            Breach b, List<AffectedJurisdiction> jurisdictions, Map<String, List<String>> users, Instant now) {
        List<JurisdictionView> views = jurisdictions.stream()
                .map(j -> JurisdictionView.of(
                        j,
                        users == null ? null : users.getOrDefault(j.row().jurisdiction, List.of()),
                        b.detectedAt,
                        now))
                .toList();
        return new BreachView(
                b.id,
                b.title,
                b.description,
                text(b.detectedAt),
                text(b.occurredAt),
                List.of(b.dataCategories),
                b.affectedQuery,
                b.recordedBy,
                text(b.recordedAt),
                views.stream().mapToLong(JurisdictionView::affectedCount).sum(),
                views.stream().mapToLong(JurisdictionView::erasedCount).sum(),
                views.stream().anyMatch(JurisdictionView::overdue),
                views);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
