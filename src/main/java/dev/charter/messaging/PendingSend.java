package dev.charter.messaging;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A send waiting for its group commit. {@code body} is the text's UTF-8 bytes, or the client's
 * ciphertext in an E2EE conversation; {@code originConnection} gets the ack instead of the message frame.
 */
record PendingSend(String sender, UUID conversation, UUID clientMsgId, byte[] body, boolean e2ee,
        String originConnection, CompletableFuture<Ack> result) {

    MessageRepository.SendKey key() {
        return new MessageRepository.SendKey(sender, clientMsgId);
    }
}
