package dev.charter.breach;

import dev.charter.jurisdiction.JurisdictionProfile;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One affected jurisdiction of a breach (table {@code breach_jurisdiction}): its notification deadline, fixed
 * when the breach was recorded, and, once the regulator was told, who told it when. {@code erasedCount}
 * counts the users already erased when the breach was recorded; users erased since are counted from
 * {@code breach_user} when the breach is shown ({@link AffectedJurisdiction}).
 */
@Entity
@Table(name = "breach_jurisdiction")
@IdClass(BreachJurisdiction.Key.class)
public class BreachJurisdiction {

    /** The composite primary key {@code (breach_id, jurisdiction)}. */
    public record Key(UUID breachId, String jurisdiction) implements Serializable {}

    @Id
    @Column(name = "breach_id")
    public UUID breachId;

    @Id
    @Column(name = "jurisdiction")
    public String jurisdiction;

    @Column(name = "window_hours")
    public Integer windowHours;

    @Column(name = "deadline")
    public Instant deadline;

    @Column(name = "source", nullable = false)
    public String source;

    @Column(name = "erased_count", nullable = false)
    public int erasedCount;

    @Column(name = "notified_at")
    public Instant notifiedAt;

    @Column(name = "notified_by")
    public String notifiedBy;

    @Column(name = "reference")
    public String reference;

    /**
     * The profile's clocks when the breach was recorded; null for breaches recorded before clocks existed. A JSON
     * object, not a bare array: the reactive driver maps jsonb columns through objects.
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "clocks")
    public Clocks clocks;

    @RegisterForReflection
    public record Clocks(List<JurisdictionProfile.BreachClock> list) {}

    /** Notices given, by clock id. Replaced, never mutated in place, so the change is seen and written. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "clock_notices", nullable = false)
    public Map<String, ClockNotice> clockNotices = Map.of();

    /** A notice given under one clock; times as RFC 3339 text. */
    @RegisterForReflection
    public record ClockNotice(String notifiedAt, String notifiedBy, String reference) {}

    protected BreachJurisdiction() {}

    BreachJurisdiction(
            UUID breachId, String jurisdiction, Integer windowHours, Instant deadline, String source, int erasedCount) {
        this.breachId = breachId;
        this.jurisdiction = jurisdiction;
        this.windowHours = windowHours;
        this.deadline = deadline;
        this.source = source;
        this.erasedCount = erasedCount;
    }

    boolean notified() {
        return notifiedAt != null;
    }

    /** Records that this jurisdiction's regulator was told; written when the transaction commits. */
    void markNotified(Instant at, String by, String ref) {
        notifiedAt = at;
        notifiedBy = by;
        reference = ref;
    }

    boolean noticeGiven(String clock) {
        return clockNotices.containsKey(clock);
    }

    void markClockNotified(String clock, Instant at, String by, String ref) {
        Map<String, ClockNotice> next = new java.util.TreeMap<>(clockNotices);
        next.put(clock, new ClockNotice(at.toString(), by, ref));
        clockNotices = next;
    }

    boolean overdue(Instant now) {
        return notifiedAt == null && deadline != null && deadline.isBefore(now);
    }
}
