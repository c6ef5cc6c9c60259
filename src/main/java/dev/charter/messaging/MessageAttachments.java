package dev.charter.messaging;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Files attached to messages (contract: Attachments): the port the attachment feature implements. A send with
 * attachments claims them before it is queued; the message is then stored with a {@link #markedId() marked id},
 * so readers ask for the attachments of marked messages only and a message without any costs nothing more.
 */
public interface MessageAttachments {

    int MAX_PER_MESSAGE = 10;

    /** One file as a {@code message} lists it. */
    @RegisterForReflection
    record Attached(UUID id, String contentType, long size, String sha256) {}

    /**
     * Reserves the files for the sender's message {@code clientMsgId}: each must have been uploaded by the sender
     * to this conversation and not be attached to another message (a retry of the same send may claim them
     * again). Fails with a {@code ProblemException} ({@code not_found}, {@code invalid_frame}) and claims none
     * when any does not qualify.
     */
    Uni<List<Attached>> claim(String sender, UUID conversation, UUID clientMsgId, List<UUID> files);

    /** The files of these messages by message id; only marked ids are looked up. */
    Uni<Map<UUID, List<Attached>>> of(List<StoredMessage> messages);

    /** A new message id that says the message has attachments: a UUID of version 8 (RFC 9562), random else. */
    static UUID markedId() {
        UUID random = UUID.randomUUID();
        return new UUID((random.getMostSignificantBits() & ~0xF000L) | 0x8000L, random.getLeastSignificantBits());
    }

    static boolean marked(UUID messageId) {
        return messageId != null && messageId.version() == 8;
    }
}
