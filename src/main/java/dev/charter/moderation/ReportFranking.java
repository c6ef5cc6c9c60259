package dev.charter.moderation;

import dev.charter.common.ProblemException;
import dev.charter.franking.Franking;
import dev.charter.franking.FrankingSigner;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Checks the franking evidence a reporter reveals with a report on an E2EE message: the server's own
 * countersignature over the claimed commitment, sender, conversation, seq and time, and the commitment over the
 * revealed plaintext under the revealed franking key. Only when both hold, for the reported message, is the text
 * proven to be what its sender sent.
 */
@ApplicationScoped
public class ReportFranking {

    /**
     * What the reporter's client received and decrypted: {@code plaintext} and {@code key} (base64url of the
     * 32-byte franking key) from inside the ciphertext; {@code commitment}, {@code signature} and {@code keyId} from
     * the message's {@code franking}; {@code sender}, {@code seq} and {@code sentAt} from the message. {@code
     * conversation}, when given, names the conversation the evidence is from (the report's otherwise).
     */
    @RegisterForReflection
    public record Evidence(
            String plaintext,
            String key,
            String commitment,
            String signature,
            String keyId,
            UUID conversation,
            String sender,
            Long seq,
            String sentAt) {}

    /** The outcome as moderators see it; {@code verified} only when every other part holds. */
    @RegisterForReflection
    public record Outcome(boolean verified, boolean signatureValid, boolean commitmentValid, boolean matchesReport) {

        static Outcome of(boolean signatureValid, boolean commitmentValid, boolean matchesReport) {
            return new Outcome(
                    signatureValid && commitmentValid && matchesReport, signatureValid, commitmentValid, matchesReport);
        }
    }

    /** Evidence whose fields are well formed (decoded); what they prove is decided by {@link #check}. */
    record Decoded(
            byte[] plaintext,
            byte[] key,
            byte[] commitment,
            byte[] signature,
            String keyId,
            UUID conversation,
            String sender,
            long seq,
            Instant sentAt) {}

    private final FrankingSigner signer;

    ReportFranking(FrankingSigner signer) {
        this.signer = signer;
    }

    /** {@code invalid_request} (400) naming the first malformed field. */
    static Decoded decode(Evidence e, UUID reportedConversation) {
        if (e.plaintext() == null || e.plaintext().length() > ReportResource.MAX_COPY) {
            throw ProblemException.badRequest(
                    "'franking.plaintext' is required, at most " + ReportResource.MAX_COPY + " characters.");
        }
        if (e.sender() == null || e.sender().isEmpty() || e.seq() == null || e.seq() < 1 || e.keyId() == null) {
            throw ProblemException.badRequest(
                    "'franking.sender', 'franking.seq' (>= 1) and 'franking.keyId' are required.");
        }
        byte[] key = bytes(e.key(), Franking.KEY_BYTES, "franking.key");
        byte[] commitment = bytes(e.commitment(), Franking.COMMITMENT_BYTES, "franking.commitment");
        byte[] signature = bytes(e.signature(), -1, "franking.signature");
        Instant sentAt;
        try {
            sentAt = Instant.parse(e.sentAt());
        } catch (DateTimeParseException | NullPointerException ex) {
            throw ProblemException.badRequest("'franking.sentAt' must be the message's RFC 3339 'sentAt'.");
        }
        return new Decoded(
                e.plaintext().getBytes(StandardCharsets.UTF_8),
                key,
                commitment,
                signature,
                e.keyId(),
                e.conversation() == null ? reportedConversation : e.conversation(),
                e.sender(),
                e.seq(),
                sentAt);
    }

    private static byte[] bytes(String base64url, int size, String field) {
        try {
            return size < 0 ? Franking.decode(base64url) : Franking.decode(base64url, size);
        } catch (IllegalArgumentException ex) {
            throw ProblemException.badRequest(
                    "'" + field + "' must be base64url" + (size < 0 ? "." : " of " + size + " bytes."));
        }
    }

    /** The evidence checked against the reported message (conversation, seq and its stored sender). */
    Outcome check(Decoded e, UUID conversation, long seq, String sender) {
        boolean signatureValid = signer.verify(
                e.keyId(), e.signature(), e.commitment(), e.sender(), e.conversation(), e.seq(), e.sentAt());
        boolean commitmentValid = Franking.commits(e.key(), e.plaintext(), e.commitment());
        boolean matchesReport = e.conversation().equals(conversation)
                && e.seq() == seq
                && e.sender().equals(sender);
        return Outcome.of(signatureValid, commitmentValid, matchesReport);
    }
}
