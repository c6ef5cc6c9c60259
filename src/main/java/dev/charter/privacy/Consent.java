package dev.charter.privacy;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One grant or withdrawal, mapped to the append-only {@code consent} table that Flyway owns (V4); Hibernate
 * only validates the mapping against it at start-up. Never updated: a change of mind is a new row, and the
 * latest row per purpose is the state in force. What the user saw (policy version, locale) is recorded with it
 * (GDPR Art. 7(1)).
 */
@Entity
@Table(name = "consent")
public class Consent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "purpose", nullable = false)
    public String purpose;

    @Column(name = "status", nullable = false)
    @Convert(converter = ConsentStatus.Column.class)
    public ConsentStatus status;

    @Column(name = "policy_version", nullable = false)
    public String policyVersion;

    @Column(name = "locale", nullable = false)
    public String locale;

    @Column(name = "at", nullable = false)
    public Instant at;

    @Column(name = "source", nullable = false)
    public String source;

    protected Consent() {}

    Consent(
            String userId,
            String purpose,
            ConsentStatus status,
            String policyVersion,
            String locale,
            Instant at,
            String source) {
        this.userId = userId;
        this.purpose = purpose;
        this.status = status;
        this.policyVersion = policyVersion;
        this.locale = locale;
        this.at = at;
        this.source = source;
    }
}
