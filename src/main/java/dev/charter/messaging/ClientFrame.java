package dev.charter.messaging;

import java.util.List;
import java.util.UUID;

/** Client -> server frames, decoded once. */
public sealed interface ClientFrame {

    String ref();

    /**
     * Exactly one of {@code text} and {@code ciphertext} (base64, E2EE conversations) is set; {@code attachments}
     * lists uploaded files to attach (empty for most sends); {@code frankingCommitment}, the sender's 32-byte
     * franking commitment to the plaintext of an E2EE message, or null.
     */
    record Send(
            String ref,
            UUID conversation,
            UUID clientMsgId,
            String text,
            String ciphertext,
            List<UUID> attachments,
            byte[] frankingCommitment)
            implements ClientFrame {

        public Send(String ref, UUID conversation, UUID clientMsgId, String text, String ciphertext) {
            this(ref, conversation, clientMsgId, text, ciphertext, List.of(), null);
        }

        public Send(
                String ref,
                UUID conversation,
                UUID clientMsgId,
                String text,
                String ciphertext,
                List<UUID> attachments) {
            this(ref, conversation, clientMsgId, text, ciphertext, attachments, null);
        }
    }

    record Sync(String ref, UUID conversation, long afterSeq, int limit) implements ClientFrame {}

    record Read(String ref, UUID conversation, long seq) implements ClientFrame {}

    record Ping(String ref) implements ClientFrame {}

    /** Exactly one of {@code text} and {@code ciphertext} (E2EE conversations) is set, as in a send. */
    record Edit(String ref, UUID conversation, long seq, String text, String ciphertext) implements ClientFrame {}

    record Unsend(String ref, UUID conversation, long seq) implements ClientFrame {}

    /** Never answered: other members hear of it, nothing is stored. */
    record Typing(String ref, UUID conversation) implements ClientFrame {}
}
