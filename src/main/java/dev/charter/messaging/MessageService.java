package dev.charter.messaging;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.moderation.ContentPolicy;
import dev.charter.moderation.ModerationQueue;
import dev.charter.moderation.PolicyDecision;
import dev.charter.moderation.Suspensions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
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
    private final ContentPolicy policy;
    private final ModerationQueue moderation;
    private final Suspensions suspensions;

    MessageService(MembershipCache membership, MessageWriter writer, MessageRepository messages,
            ConversationRepository conversations, MessageReader reader, ContentPolicy policy,
            ModerationQueue moderation, Suspensions suspensions) {
        this.membership = membership;
        this.writer = writer;
        this.messages = messages;
        this.conversations = conversations;
        this.reader = reader;
        this.policy = policy;
        this.moderation = moderation;
        this.suspensions = suspensions;
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
     * Admits a send (not suspended, membership, body, content rules of the sender's jurisdiction) and queues
     * it for group commit. The outer Uni completes once it is queued, the inner one with the ack after
     * COMMIT, so a caller can keep arrival order without waiting for commits (see {@link SendOrder}).
     */
    Uni<Uni<Ack>> send(String sender, String jurisdiction, ClientFrame.Send frame, String originConnection) {
        return suspensions.requireNotSuspended(sender)
                .flatMap(ignored -> requireMember(frame.conversation(), sender)).map(access -> {
            byte[] body;
            String flagCategory = null;
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
                // Decided before anything is stored; end-to-end encrypted bodies cannot be read, so skip this.
                PolicyDecision decision = policy.decide(jurisdiction, frame.text());
                if (decision.blocked()) {
                    throw new ProblemException(422, ErrorCodes.BLOCKED_BY_POLICY,
                            "This message breaks the content rules (" + decision.category() + ") and was not sent.");
                }
                body = decision.text().getBytes(StandardCharsets.UTF_8);
                flagCategory = decision.flagCategory();
            }
            Uni<Ack> ack = writer.submit(sender, frame.conversation(), frame.clientMsgId(), body, access.e2ee(),
                    originConnection);
            String flagged = flagCategory;
            return flagged == null ? ack
                    : ack.call(stored -> moderation.flag(stored.conversation(), stored.seq(), sender, flagged));
        });
    }

    /**
     * The sender of the message at {@code seq}, for a member who reports it; {@code not_found} when the
     * caller is not a member or there is no such message (a report cannot probe other conversations).
     */
    public Uni<String> reportableSender(String member, UUID conversation, long seq) {
        return membership.get(conversation).flatMap(found -> {
            if (found.isEmpty() || !found.get().members().contains(member)) {
                throw ProblemException.notFound("No such message.");
            }
            return messages.senderOf(conversation, seq).map(sender -> sender.orElseThrow(
                    () -> ProblemException.notFound("No such message.")));
        });
    }

    /** A moderator's removal, inside the decision's transaction; members then see it as removed. */
    public Uni<Boolean> removeByModeration(SqlConnection conn, UUID conversation, long seq) {
        return messages.removeByModeration(conn, conversation, seq);
    }

    public Uni<Page> history(String user, UUID conversation, long afterSeq, int limit) {
        return requireMember(conversation, user).flatMap(access -> messages
                .range(conversation, afterSeq, Long.MAX_VALUE, limit + 1)
                .map(rows -> {
                    boolean hasMore = rows.size() > limit;
                    List<MessageView> views = rows.stream().limit(limit)
                            .map(row -> reader.view(row, access.e2ee())).toList();
                    return new Page(views, hasMore);
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
