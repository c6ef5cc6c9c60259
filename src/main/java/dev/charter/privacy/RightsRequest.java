package dev.charter.privacy;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A data subject's request (access, portability, erasure, rectification, restriction, objection), mapped to the
 * {@code privacy_request} table that Flyway owns (V4, V5); Hibernate only validates the mapping against it at
 * start-up. Received open; completed once ({@link #complete}), an erasure with its signed receipt.
 */
@Entity
@Table(name = "privacy_request")
public class RightsRequest {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "type", nullable = false)
    public String type;

    @Column(name = "jurisdiction")
    public String jurisdiction;

    @Column(name = "status", nullable = false)
    @Convert(converter = RequestStatus.Column.class)
    public RequestStatus status;

    /** jsonb: what the user or the guardian said about the request. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "details", nullable = false)
    public Map<String, Object> details;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Column(name = "extended_until")
    public Instant extendedUntil;

    @Column(name = "extension_reason")
    public String extensionReason;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "note")
    public String note;

    /** jsonb: an erasure's signed deletion receipt (opaque key ids and a subject digest only). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "receipt")
    public Map<String, Object> receipt;

    /** How the note of an erasure waiting for a legal hold to end begins; the hold's lawful reason follows. */
    static final String HELD = "On legal hold: ";

    protected RightsRequest() {}

    /** A request just received. */
    RightsRequest(
            UUID id,
            String userId,
            String type,
            String jurisdiction,
            Map<String, Object> details,
            Instant receivedAt,
            Instant dueAt) {
        this.id = id;
        this.userId = userId;
        this.type = type;
        this.jurisdiction = jurisdiction;
        this.status = RequestStatus.RECEIVED;
        this.details = details;
        this.receivedAt = receivedAt;
        this.dueAt = dueAt;
    }

    /**
     * Whether {@code other} asks for what this open request already asks: a second erasure or restriction is the
     * same request whatever its details; other types are the same when their details are.
     */
    boolean sameAs(RightsRequest other) {
        if (!type.equals(other.type)) {
            return false;
        }
        return "erasure".equals(type) || "restriction".equals(type) || java.util.Objects.equals(details, other.details);
    }

    /** The deadline in force: the extended one once extended. */
    public Instant deadline() {
        return extendedUntil != null ? extendedUntil : dueAt;
    }

    /** Access and portability exports are generated when downloaded, so they are ready once completed. */
    public boolean exportReady() {
        return status == RequestStatus.COMPLETED && ("access".equals(type) || "portability".equals(type));
    }

    public boolean open() {
        return RequestStatus.OPEN.contains(status);
    }

    /** Done; written when the transaction commits. */
    void complete(Instant at, String note) {
        this.status = RequestStatus.COMPLETED;
        this.completedAt = at;
        this.note = note;
    }

    /** Waiting, with the reason told to the user (a legal hold); written when the transaction commits. */
    void hold(String note) {
        this.status = RequestStatus.IN_PROGRESS;
        this.note = note;
    }

    /** The deadline extended once, with the reason told to the user; written when the transaction commits. */
    void extend(Instant until, String reason) {
        this.extendedUntil = until;
        this.extensionReason = reason;
    }
}
