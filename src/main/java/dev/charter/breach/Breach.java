package dev.charter.breach;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A recorded breach, mapped to the {@code breach} table that Flyway owns (V6); Hibernate only validates the
 * mapping against it at start-up. {@code affectedQuery} is null when the users were named one by one.
 * Written once, when the breach is recorded; its notifications live in {@link BreachJurisdiction}.
 */
@Entity
@Table(name = "breach")
public class Breach {

    @Id
    public UUID id;

    @Column(name = "title", nullable = false)
    public String title;

    @Column(name = "description")
    public String description;

    @Column(name = "detected_at", nullable = false)
    public Instant detectedAt;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "data_categories", nullable = false)
    public String[] dataCategories;

    /** jsonb: {@code countries}, {@code jurisdictions}, {@code activeFrom}, {@code activeTo}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "affected_query")
    public Map<String, Object> affectedQuery;

    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    protected Breach() {}

    Breach(
            UUID id,
            String title,
            String description,
            Instant detectedAt,
            Instant occurredAt,
            List<String> dataCategories,
            Map<String, Object> affectedQuery,
            String recordedBy,
            Instant recordedAt) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.detectedAt = detectedAt;
        this.occurredAt = occurredAt;
        this.dataCategories = dataCategories.toArray(String[]::new);
        this.affectedQuery = affectedQuery;
        this.recordedBy = recordedBy;
        this.recordedAt = recordedAt;
    }
}
