package dev.charter.messaging;

import dev.charter.crypto.SealedText;
import java.time.Instant;
import java.util.UUID;

/**
 * A message row as stored: the body only sealed. {@code senderRegion}: the sender's home region when it is not
 * this one (read from the sender's user row; null for this region's users). {@code editedAt}: when its author last
 * edited it, or null.
 */
public record StoredMessage(
        UUID conversation,
        long seq,
        UUID id,
        String sender,
        UUID clientMsgId,
        SealedText body,
        Instant sentAt,
        String state,
        String senderRegion,
        Instant editedAt) {

    public StoredMessage(
            UUID conversation,
            long seq,
            UUID id,
            String sender,
            UUID clientMsgId,
            SealedText body,
            Instant sentAt,
            String state,
            String senderRegion) {
        this(conversation, seq, id, sender, clientMsgId, body, sentAt, state, senderRegion, null);
    }

    public StoredMessage(
            UUID conversation,
            long seq,
            UUID id,
            String sender,
            UUID clientMsgId,
            SealedText body,
            Instant sentAt,
            String state) {
        this(conversation, seq, id, sender, clientMsgId, body, sentAt, state, null, null);
    }
}
