package dev.charter.messaging;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Sending, reading and deleting messages: the rules, whatever the transport. */
@ApplicationScoped
public class MessageService {

    private final MembershipCache membership;
    private final MessageWriter writer;
    private final MessageRepository messages;
    private final ConversationRepository conversations;
    private final MessageReader reader;

    MessageService(MembershipCache membership, MessageWriter writer, MessageRepository messages,
            ConversationRepository conversations, MessageReader reader) {
        this.membership = membership;
        this.writer = writer;
        this.messages = messages;
        this.conversations = conversations;
        this.reader = reader;
    }

    public record Page(List<MessageView> messages, boolean hasMore) {
    }

    /** Fails with {@code not_found} (no such conversation) or {@code not_member}. */
    Uni<ConversationAccess> requireMember(UUID conversation, String user) {
        return membership.get(conversation).map(found -> {
            ConversationAccess access = found.orElseThrow(
                    () -> new ProblemException(404, ErrorCodes.NOT_FOUND, "No such conversation."));
            if (!access.members().contains(user)) {
                throw new ProblemException(403, ErrorCodes.NOT_MEMBER, "You are not a member of this conversation.");
            }
            return access;
        });
    }

    /**
     * Admits a send (membership, body) and queues it for group commit. The outer Uni completes once it is
     * queued, the inner one with the ack after COMMIT, so a caller can keep arrival order without waiting
     * for commits (see {@link SendOrder}).
     */
    Uni<Uni<Ack>> send(String sender, ClientFrame.Send frame, String originConnection) {
        return requireMember(frame.conversation(), sender).map(access -> {
            byte[] body;
            if (access.e2ee()) {
                if (frame.ciphertext() == null) {
                    throw new ProblemException(400, ErrorCodes.INVALID_FRAME,
                            "This conversation is end-to-end encrypted: send 'ciphertext'.");
                }
                try {
                    body = Base64.getDecoder().decode(frame.ciphertext());
                } catch (IllegalArgumentException e) {
                    throw new ProblemException(400, ErrorCodes.INVALID_FRAME, "'ciphertext' must be base64.");
                }
            } else {
                if (frame.text() == null) {
                    throw new ProblemException(400, ErrorCodes.INVALID_FRAME,
                            "This conversation is not end-to-end encrypted: send 'text'.");
                }
                body = frame.text().getBytes(StandardCharsets.UTF_8);
            }
            return writer.submit(sender, frame.conversation(), frame.clientMsgId(), body, access.e2ee(),
                    originConnection);
        });
    }

    public Uni<Page> history(String user, UUID conversation, long afterSeq, int limit) {
        return requireMember(conversation, user).flatMap(access -> messages
                .range(conversation, afterSeq, Long.MAX_VALUE, limit + 1)
                .flatMap(rows -> {
                    boolean hasMore = rows.size() > limit;
                    return reader.views(rows.size() > limit ? rows.subList(0, limit) : rows, access.e2ee())
                            .map(views -> new Page(views, hasMore));
                }));
    }

    /** Moves the reader's position; other members hear of it as a {@code receipt}. */
    Uni<Long> markRead(String user, UUID conversation, long seq) {
        return requireMember(conversation, user).flatMap(access -> conversations.advanceRead(conversation, user, seq))
                .map(stored -> stored.orElseThrow(
                        () -> new ProblemException(403, ErrorCodes.NOT_MEMBER, "You are not a member.")));
    }

    /** Deletes the caller's own message; others see it as removed. */
    public Uni<Void> deleteOwn(String user, UUID conversation, long seq) {
        return requireMember(conversation, user)
                .flatMap(access -> messages.deleteBySender(conversation, seq, user))
                .invoke(deleted -> {
                    if (!deleted) {
                        throw new ProblemException(404, ErrorCodes.NOT_FOUND, "You have no message at this seq.");
                    }
                }).replaceWithVoid();
    }
}
