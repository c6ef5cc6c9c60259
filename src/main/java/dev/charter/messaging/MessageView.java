package dev.charter.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/**
 * A message as clients see it, live ({@code message} frame) and in history. Exactly one of: {@code text},
 * {@code ciphertext} (E2EE), {@code removed}, {@code erased} (with {@code sender} null), {@code unreadable}.
 * {@code senderRegion} names the home region of a sender who is a member from another region; {@code editedAt}, when
 * its author last edited a readable message; {@code attachments}, the files sent with it; {@code franking}, the
 * sender's commitment and the server's countersignature of an E2EE message sent with one (as first sent).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageView(
        String type,
        UUID conversation,
        long seq,
        UUID messageId,
        @JsonInclude(JsonInclude.Include.ALWAYS) String sender,
        String text,
        String ciphertext,
        String sentAt,
        Boolean removed,
        Boolean erased,
        Boolean unreadable,
        String senderRegion,
        String editedAt,
        List<MessageAttachments.Attached> attachments,
        Franking franking) {

    static final String TYPE = "message";

    /** Franking evidence as members receive it: base64url of the commitment and of the signature, the key's id. */
    @RegisterForReflection
    public record Franking(String commitment, String signature, String keyId) {}

    public MessageView(
            String type,
            UUID conversation,
            long seq,
            UUID messageId,
            String sender,
            String text,
            String ciphertext,
            String sentAt,
            Boolean removed,
            Boolean erased,
            Boolean unreadable,
            String senderRegion,
            String editedAt,
            List<MessageAttachments.Attached> attachments) {
        this(
                type,
                conversation,
                seq,
                messageId,
                sender,
                text,
                ciphertext,
                sentAt,
                removed,
                erased,
                unreadable,
                senderRegion,
                editedAt,
                attachments,
                null);
    }

    public static MessageView readable(
            UUID conversation, long seq, UUID id, String sender, String text, String sentAt) {
        return new MessageView(
                TYPE, conversation, seq, id, sender, text, null, sentAt, null, null, null, null, null, null);
    }

    public static MessageView e2ee(
            UUID conversation, long seq, UUID id, String sender, String ciphertext, String sentAt) {
        return new MessageView(
                TYPE, conversation, seq, id, sender, null, ciphertext, sentAt, null, null, null, null, null, null);
    }

    public static MessageView removed(UUID conversation, long seq, UUID id, String sender, String sentAt) {
        return new MessageView(
                TYPE, conversation, seq, id, sender, null, null, sentAt, true, null, null, null, null, null);
    }

    public static MessageView erased(UUID conversation, long seq, UUID id, String sentAt) {
        return new MessageView(
                TYPE, conversation, seq, id, null, null, null, sentAt, null, true, null, null, null, null);
    }

    public static MessageView unreadable(UUID conversation, long seq, UUID id, String sender, String sentAt) {
        return new MessageView(
                TYPE, conversation, seq, id, sender, null, null, sentAt, null, null, true, null, null, null);
    }

    /**
     * The same message marked as written by a member of another region (contract: Federation); an erased message
     * names no sender and so no region either.
     */
    public MessageView fromRegion(String region) {
        if (region == null || sender == null) {
            return this;
        }
        return with(region, editedAt, attachments);
    }

    /** The same readable message, showing when its author last edited it; other views stay as they are. */
    public MessageView editedAt(java.time.Instant at) {
        if (at == null || (text == null && ciphertext == null)) {
            return this;
        }
        return with(senderRegion, at.toString(), attachments);
    }

    /** The same message with the files attached to it (contract: Attachments); none leaves it as it is. */
    public MessageView withAttachments(List<MessageAttachments.Attached> files) {
        if (files == null || files.isEmpty()) {
            return this;
        }
        return with(senderRegion, editedAt, List.copyOf(files));
    }

    /** The same E2EE message with its franking evidence; other views stay as they are. */
    public MessageView withFranking(Franking evidence) {
        if (evidence == null || ciphertext == null) {
            return this;
        }
        return new MessageView(
                type,
                conversation,
                seq,
                messageId,
                sender,
                text,
                ciphertext,
                sentAt,
                removed,
                erased,
                unreadable,
                senderRegion,
                editedAt,
                attachments,
                evidence);
    }

    private MessageView with(String region, String edited, List<MessageAttachments.Attached> files) {
        return new MessageView(
                type,
                conversation,
                seq,
                messageId,
                sender,
                text,
                ciphertext,
                sentAt,
                removed,
                erased,
                unreadable,
                region,
                edited,
                files,
                franking);
    }

    @JsonProperty("type")
    public String type() {
        return type;
    }
}
