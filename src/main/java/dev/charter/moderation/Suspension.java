package dev.charter.moderation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * A suspension a moderator's decision imposed (table {@code suspension}): the user cannot send until
 * {@code until}. Written with the decision; the send path reads it on the SQL client ({@link Suspensions}).
 */
@Entity
@Table(name = "suspension")
@IdClass(Suspension.Key.class)
public class Suspension {

    /** The composite primary key {@code (user_id, report_id)}. */
    public record Key(String user, UUID report) implements Serializable {}

    @Id
    @Column(name = "user_id")
    public String user;

    @Id
    @Column(name = "report_id")
    public UUID report;

    @Column(name = "until", nullable = false)
    public Instant until;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    protected Suspension() {}

    Suspension(String user, UUID report, Instant until, Instant createdAt) {
        this.user = user;
        this.report = report;
        this.until = until;
        this.createdAt = createdAt;
    }
}
