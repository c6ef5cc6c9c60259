package dev.charter.legalhold;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A legal hold, mapped to the {@code legal_hold} table that Flyway owns (V20); Hibernate only validates the
 * mapping against it at start-up. Active from creation until released or past {@code expiresAt}.
 */
@Entity
@Table(name = "legal_hold")
public class LegalHold {

    static final String USER = "user";
    static final String CONVERSATION = "conversation";

    @Id
    public UUID id;

    /** {@value #USER} or {@value #CONVERSATION}. */
    @Column(name = "scope", nullable = false)
    public String scope;

    /** The user id, or the conversation id as text. */
    @Column(name = "target", nullable = false)
    public String target;

    @Column(name = "authority", nullable = false)
    public String authority;

    @Column(name = "reference", nullable = false)
    public String reference;

    @Column(name = "reason", nullable = false)
    public String reason;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "released_at")
    public Instant releasedAt;

    @Column(name = "released_by")
    public String releasedBy;

    protected LegalHold() {}

    LegalHold(HoldInput input, String createdBy, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.scope = input.scope();
        this.target = input.target();
        this.authority = input.authority();
        this.reference = input.reference();
        this.reason = input.reason();
        this.expiresAt = input.expiresAt();
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    boolean active(Instant now) {
        return releasedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    /** Ended by the officer; written when the transaction commits. */
    void release(String by, Instant at) {
        this.releasedBy = by;
        this.releasedAt = at;
    }
}
