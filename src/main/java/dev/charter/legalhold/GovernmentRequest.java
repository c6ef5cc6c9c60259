package dev.charter.legalhold;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A government request or preservation order, mapped to the {@code government_request} table that Flyway owns
 * (V20). Its deadline is fixed when it is recorded; its outcome is {@code pending} until the officer sets it.
 */
@Entity
@Table(name = "government_request")
public class GovernmentRequest {

    static final List<String> TYPES = List.of("takedown", "data_request", "preservation", "emergency");
    static final List<String> OUTCOMES = List.of("pending", "complied", "partially", "rejected");

    @Id
    public UUID id;

    @Column(name = "country", nullable = false)
    public String country;

    @Column(name = "authority", nullable = false)
    public String authority;

    @Column(name = "type", nullable = false)
    public String type;

    @Column(name = "urgent", nullable = false)
    public boolean urgent;

    @Column(name = "legal_basis", nullable = false)
    public String legalBasis;

    @Column(name = "reference")
    public String reference;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "deadline", nullable = false)
    public Instant deadline;

    @Column(name = "deadline_source", nullable = false)
    public String deadlineSource;

    @Column(name = "outcome", nullable = false)
    public String outcome;

    @Column(name = "outcome_note")
    public String outcomeNote;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    protected GovernmentRequest() {}

    GovernmentRequest(GovernmentRequestInput input, RequestDeadlines.Deadline deadline, String by, Instant at) {
        this.id = UUID.randomUUID();
        this.country = input.country();
        this.authority = input.authority();
        this.type = input.type();
        this.urgent = input.urgent();
        this.legalBasis = input.legalBasis();
        this.reference = input.reference();
        this.receivedAt = input.receivedAt();
        this.deadline = deadline.at();
        this.deadlineSource = deadline.source();
        this.outcome = "pending";
        this.recordedBy = by;
        this.recordedAt = at;
    }

    /** The outcome as decided (or back to pending); written when the transaction commits. */
    void decide(String outcome, String note, Instant at) {
        this.outcome = outcome;
        this.outcomeNote = note;
        this.decidedAt = "pending".equals(outcome) ? null : at;
    }
}
