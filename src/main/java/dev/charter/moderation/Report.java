package dev.charter.moderation;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A report by a member ({@code source = user}) or a flag of the content rules ({@code source = policy}), mapped
 * to the {@code report} table that Flyway owns (V3, V8, V19: the outcome of checking revealed franking evidence). Filed open; a moderator's decision resolves it once
 * ({@link #resolve}). Flags are inserted by the send path on the SQL client ({@link SendPathRepository}).
 *
 * <p>The reporter's sealed copy of an end-to-end encrypted message is written with the report and read only
 * for the moderator's detail view ({@link ReportRepository#copyOf}); its bytes are lazy so the queues never
 * load them, and updates write only the changed columns ({@code @DynamicUpdate}), never the unloaded copy.
 */
@Entity
@Table(name = "report")
@DynamicUpdate
public class Report {

    static final String USER = "user";

    @Id
    public UUID id;

    @Column(name = "source", nullable = false)
    public String source;

    @Column(name = "reporter_id")
    public String reporter;

    @Column(name = "conversation_id", nullable = false)
    public UUID conversation;

    @Column(name = "seq", nullable = false)
    public long seq;

    @Column(name = "reported_user", nullable = false)
    public String reportedUser;

    @Column(name = "reason", nullable = false)
    public String reason;

    @Column(name = "category")
    public String category;

    @Column(name = "note")
    public String note;

    @Column(name = "status", nullable = false)
    @Convert(converter = ReportStatus.Column.class)
    public ReportStatus status;

    @Column(name = "action")
    public String action;

    @Column(name = "decision_note")
    public String decisionNote;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "copy_key_epoch")
    public Integer copyKeyEpoch;

    @Column(name = "copy_key_version")
    public Integer copyKeyVersion;

    @Basic(fetch = FetchType.LAZY)
    @Column(name = "copy_nonce")
    public byte[] copyNonce;

    @Basic(fetch = FetchType.LAZY)
    @Column(name = "copy_ciphertext")
    public byte[] copyCiphertext;

    @Column(name = "franking_signature_valid")
    public Boolean frankingSignatureValid;

    @Column(name = "franking_commitment_valid")
    public Boolean frankingCommitmentValid;

    @Column(name = "franking_matches_report")
    public Boolean frankingMatchesReport;

    protected Report() {}

    /** The checked franking evidence the reporter revealed, or null when the report carried none. */
    ReportFranking.Outcome franking() {
        if (frankingSignatureValid == null || frankingCommitmentValid == null || frankingMatchesReport == null) {
            return null;
        }
        return ReportFranking.Outcome.of(frankingSignatureValid, frankingCommitmentValid, frankingMatchesReport);
    }

    /** A member's report, open. */
    Report(
            UUID id,
            String reporter,
            UUID conversation,
            long seq,
            String reportedUser,
            String reason,
            String note,
            Instant createdAt) {
        this.id = id;
        this.source = USER;
        this.reporter = reporter;
        this.conversation = conversation;
        this.seq = seq;
        this.reportedUser = reportedUser;
        this.reason = reason;
        this.note = note;
        this.status = ReportStatus.OPEN;
        this.createdAt = createdAt;
    }

    boolean open() {
        return status == ReportStatus.OPEN;
    }

    /** The moderator's decision; written when the transaction commits. */
    void resolve(String action, String note, String moderator, Instant at) {
        this.status = ReportStatus.RESOLVED;
        this.action = action;
        this.decisionNote = note;
        this.decidedBy = moderator;
        this.decidedAt = at;
    }
}
