package dev.charter.messaging.write;

import dev.charter.messaging.Ack;
import dev.charter.messaging.MessageAttachments;
import dev.charter.messaging.MessageRepository;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A send waiting for its group commit. {@code body} is the text's UTF-8 bytes, or the client's
 * ciphertext in an E2EE conversation; {@code originConnection} gets the ack instead of the message frame;
 * {@code queuedAt} ({@link System#nanoTime()}) is when it joined its lane's queue; {@code senderRegion} the home
 * region of a sender from another region (null: this one); {@code frankingCommitment} the sender's franking
 * commitment to countersign once the seq is known, or null.
 */
record PendingSend(
        String sender,
        UUID conversation,
        UUID clientMsgId,
        byte[] body,
        boolean e2ee,
        String originConnection,
        CompletableFuture<Ack> result,
        long queuedAt,
        String senderRegion,
        List<MessageAttachments.Attached> attachments,
        byte[] frankingCommitment) {

    MessageRepository.SendKey key() {
        return new MessageRepository.SendKey(sender, clientMsgId);
    }
}
