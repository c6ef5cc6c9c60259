package dev.charter.breach;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charter.jurisdiction.JurisdictionProfile.BreachClock;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * One notification duty of a breach in one jurisdiction, as it stands now. {@code applies} is false below the
 * clock's {@code minAffected}. {@code startsAt} is when it started running (detection, or the notice of the
 * clock it follows; null until then); {@code deadline} is null where the law names no period ("without undue
 * delay"). {@code met} is null until a notice is recorded, then whether it came by the deadline. Business days
 * skip Saturdays and Sundays in UTC; public holidays are not known, so such a deadline may be a day early.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClockView(
        String id,
        String audience,
        String unit,
        Integer amount,
        String from,
        Integer minAffected,
        String condition,
        String source,
        boolean applies,
        String startsAt,
        String deadline,
        String notifiedAt,
        String notifiedBy,
        String reference,
        Boolean met,
        boolean overdue) {

    static final String REGULATOR = "regulator";

    static List<ClockView> of(BreachJurisdiction row, Instant detectedAt, long affectedCount, Instant now) {
        if (row.clocks == null) {
            return List.of();
        }
        return row.clocks.list().stream()
                .map(c -> of(c, row, detectedAt, affectedCount, now))
                .toList();
    }

    private static ClockView of(
            BreachClock c, BreachJurisdiction row, Instant detectedAt, long affectedCount, Instant now) {
        boolean applies = c.minAffected() == null || affectedCount > c.minAffected();
        Instant start = BreachClock.AWARE.equals(c.from()) ? detectedAt : noticeTime(row, c.from());
        Instant deadline = start == null ? null : due(start, c.unit(), c.amount());
        BreachJurisdiction.ClockNotice notice = notice(row, c.id());
        Instant noticeAt = notice == null ? null : Instant.parse(notice.notifiedAt());
        Boolean met = noticeAt == null ? null : deadline == null || !noticeAt.isAfter(deadline);
        boolean overdue = applies && noticeAt == null && deadline != null && deadline.isBefore(now);
        return new ClockView(
                c.id(),
                c.audience(),
                c.unit(),
                c.amount(),
                c.from(),
                c.minAffected(),
                c.condition(),
                c.source(),
                applies,
                text(start),
                text(deadline),
                notice == null ? null : notice.notifiedAt(),
                notice == null ? null : notice.notifiedBy(),
                notice == null ? null : notice.reference(),
                met,
                overdue);
    }

    /** The regulator's notice is the jurisdiction's own notification (recorded without a clock). */
    static BreachJurisdiction.ClockNotice notice(BreachJurisdiction row, String clock) {
        BreachJurisdiction.ClockNotice given = row.clockNotices.get(clock);
        if (given == null && REGULATOR.equals(clock) && row.notifiedAt != null) {
            return new BreachJurisdiction.ClockNotice(row.notifiedAt.toString(), row.notifiedBy, row.reference);
        }
        return given;
    }

    private static Instant noticeTime(BreachJurisdiction row, String clock) {
        BreachJurisdiction.ClockNotice notice = notice(row, clock);
        return notice == null ? null : Instant.parse(notice.notifiedAt());
    }

    static Instant due(Instant start, String unit, Integer amount) {
        return switch (unit) {
            case "hours" -> start.plus(Duration.ofHours(amount));
            case "calendar_days" -> start.plus(Duration.ofDays(amount));
            case "business_days" -> businessDaysAfter(start, amount);
            default -> null;
        };
    }

    private static Instant businessDaysAfter(Instant start, int days) {
        ZonedDateTime t = start.atZone(ZoneOffset.UTC);
        int left = days;
        while (left > 0) {
            t = t.plusDays(1);
            if (t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY) {
                left--;
            }
        }
        return t.toInstant();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
