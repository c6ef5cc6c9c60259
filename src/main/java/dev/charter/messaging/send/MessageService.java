package dev.charter.messaging.send;

import dev.charter.blocking.BlockService;
import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.common.Transactions;
import dev.charter.crypto.MessageCipher;
import dev.charter.crypto.SealedText;
import dev.charter.identity.UserService;
import dev.charter.identity.UserStatus;
import dev.charter.messaging.Ack;
import dev.charter.messaging.ClientFrame;
import dev.charter.messaging.ConversationAccess;
import dev.charter.messaging.MessageAttachments;
import dev.charter.messaging.MessageReader;
import dev.charter.messaging.MessageRepository;
import dev.charter.messaging.MessageSent;
import dev.charter.messaging.MessageSentListener;
import dev.charter.messaging.MessageView;
import dev.charter.messaging.StoredMessage;
import dev.charter.messaging.conversation.ConversationRepository;
import dev.charter.messaging.conversation.MembershipCache;
import dev.charter.messaging.write.MessageWriter;
import dev.charter.messaging.write.MessagingConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hibernate.reactive.mutiny.Mutiny;

/** Sending, reading and deleting messages: the rules, whatever the transport. */
@Singleton
public class MessageService {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(MessageService.class);

    private final MembershipCache membership;
    private final MessageWriter writer;
    private final MessageRepository messages;
    private final ConversationRepository conversations;
    private final MessageReader reader;
    private final UserService users;
    private final List<MessageSentListener> sentListeners;
    private final SendPolicy policy;
    private final MessageCipher cipher;
    private final RemoteSends remote;
    private final BlockService blocks;
    private final Transactions transactions;
    private final MessageChangeRepository changes;
    private final ReportedMessages reported;
    private final Clock clock;
    private final int maxHistoryBytes;
    private final Instance<MessageAttachments> attachments;
    private final ReadCoalescing reads = new ReadCoalescing();

    MessageService(
            MembershipCache membership,
            MessageWriter writer,
            MessageRepository messages,
            ConversationRepository conversations,
            MessageReader reader,
            UserService users,
            Instance<MessageSentListener> sentListeners,
            SendPolicy policy,
            MessageCipher cipher,
            RemoteSends remote,
            BlockService blocks,
            Transactions transactions,
            MessageChangeRepository changes,
            ReportedMessages reported,
            Clock clock,
            MessagingConfig config,
            Instance<MessageAttachments> attachments) {
        this.attachments = attachments;
        this.maxHistoryBytes = config.maxHistoryBytes();
        this.blocks = blocks;
        this.transactions = transactions;
        this.changes = changes;
        this.reported = reported;
        this.clock = clock;
        this.cipher = cipher;
        this.remote = remote;
        this.users = users;
        this.sentListeners = sentListeners.stream().toList();
        this.membership = membership;
        this.writer = writer;
        this.messages = messages;
        this.conversations = conversations;
        this.reader = reader;
        this.policy = policy;
    }

    public record Page(List<MessageView> messages, boolean hasMore) {}

    /** Fails with {@code not_found} (no such conversation) or {@code not_member}. */
    Uni<ConversationAccess> requireMember(UUID conversation, String user) {
        return membership.get(conversation).map(found -> {
            ConversationAccess access =
                    found.orElseThrow(() -> new ProblemException(404, ErrorCodes.NOT_FOUND, "No such conversation."));
            if (!access.members().contains(user)) {
                throw new ProblemException(403, ErrorCodes.NOT_MEMBER, "You are not a member of this conversation.");
            }
            return access;
        });
    }

    /**
     * Admits a send (not suspended, membership, body, content rules of the sender's jurisdiction) and queues
     * it for group commit. The outer stage completes once it is queued, the inner one with the ack after
     * COMMIT, so a caller can keep arrival order without waiting for commits (see {@code SendOrder}).
     * In the steady state every check is answered from memory and the send is queued at once, without a
     * chain of asynchronous steps; any cache miss takes the asynchronous path, which applies the same rules.
     */
    public CompletionStage<CompletionStage<Ack>> send(
            String sender, String jurisdiction, ClientFrame.Send frame, String originConnection) {
        return send(sender, null, jurisdiction, frame, originConnection);
    }

    /**
     * A send by a member of another region ({@code senderRegion}) into a conversation hosted here: the same rules
     * as a local send; the message names the sender's region.
     */
    public CompletionStage<CompletionStage<Ack>> sendFromRegion(
            String sender, String senderRegion, String jurisdiction, ClientFrame.Send frame) {
        return send(sender, senderRegion, jurisdiction, frame, null);
    }

    private CompletionStage<CompletionStage<Ack>> send(
            String sender, String senderRegion, String jurisdiction, ClientFrame.Send frame, String originConnection) {
        if (!frame.attachments().isEmpty()) {
            return sendWithAttachments(sender, senderRegion, jurisdiction, frame, originConnection);
        }
        ConversationAccess access = admittedFromMemory(sender, frame.conversation());
        if (access != null) {
            try {
                Body body = body(jurisdiction, frame, access);
                return CompletableFuture.completedFuture(
                        access.hostedHere()
                                ? queue(sender, senderRegion, frame, access, body, originConnection)
                                : remote.send(access.hostRegion(), sender, jurisdiction, frame));
            } catch (ProblemException refused) {
                return CompletableFuture.failedFuture(refused);
            }
        }
        return requireMayProcess(sender)
                .flatMap(ignored -> policy.requireNotSuspended(sender))
                .flatMap(ignored -> requireMember(frame.conversation(), sender))
                .call(member -> requireNotBlocked(member, sender))
                .flatMap(member -> {
                    Body body = body(jurisdiction, frame, member);
                    if (!member.hostedHere()) {
                        return Uni.createFrom().item(remote.send(member.hostRegion(), sender, jurisdiction, frame));
                    }
                    return senderKeyReady(sender)
                            .map(ready -> queue(sender, senderRegion, frame, member, body, originConnection));
                })
                .subscribeAsCompletionStage();
    }

    /**
     * A send that attaches files: the same checks as any send, then the files are claimed for it before it is
     * queued. Kept off the path of other sends, which need no claim.
     */
    private CompletionStage<CompletionStage<Ack>> sendWithAttachments(
            String sender, String senderRegion, String jurisdiction, ClientFrame.Send frame, String originConnection) {
        return requireMayProcess(sender)
                .flatMap(ignored -> policy.requireNotSuspended(sender))
                .flatMap(ignored -> requireMember(frame.conversation(), sender))
                .flatMap(member -> {
                    Body body = body(jurisdiction, frame, member);
                    if (!member.hostedHere() || !attachments.isResolvable()) {
                        throw new ProblemException(
                                400,
                                ErrorCodes.INVALID_FRAME,
                                "Attachments cannot be sent to a conversation hosted in another region.");
                    }
                    return attachments
                            .get()
                            .claim(sender, frame.conversation(), frame.clientMsgId(), frame.attachments())
                            .flatMap(files -> senderKeyReady(sender)
                                    .map(ready ->
                                            queue(sender, senderRegion, frame, member, body, originConnection, files)));
                })
                .subscribeAsCompletionStage();
    }

    /** The conversation when memory alone admits the sender (status, suspension, membership, month key). */
    private ConversationAccess admittedFromMemory(String sender, UUID conversation) {
        UserStatus status = users.cachedStatus(sender);
        if (status == null
                || sendRefusalFor(status) != null
                || !policy.knownNotSuspended(sender)
                || !cipher.sendingKeyCached(sender)) {
            return null;
        }
        ConversationAccess access = membership.cached(conversation);
        if (access == null || !access.members().contains(sender)) {
            return null;
        }
        String other = access.otherMember(sender);
        return other == null || blocks.knownNotBlocked(other, sender) ? access : null;
    }

    /** In a direct conversation, the other member may have blocked the sender: {@code blocked}, nothing stored. */
    private Uni<Void> requireNotBlocked(ConversationAccess access, String sender) {
        String other = access.otherMember(sender);
        return other == null ? Uni.createFrom().voidItem() : blocks.requireNotBlockedBy(other, sender);
    }

    /** What will be sealed, and the content rule's category when the message is to be flagged for review. */
    record Body(byte[] bytes, String flagCategory) {}

    private Body body(String jurisdiction, ClientFrame.Send frame, ConversationAccess access) {
        if (frame.frankingCommitment() != null) {
            if (!access.e2ee()) {
                throw new ProblemException(
                        400,
                        ErrorCodes.INVALID_FRAME,
                        "'franking' is for end-to-end encrypted conversations; the server reads this one's text.");
            }
            if (!access.hostedHere()) {
                throw new ProblemException(
                        400,
                        ErrorCodes.INVALID_FRAME,
                        "'franking' is not available yet in conversations hosted in another region.");
            }
        }
        return body(jurisdiction, frame.text(), frame.ciphertext(), access);
    }

    /** Checks a body (a send's or an edit's) against the conversation (e2ee or not) and the content rules. */
    Body body(String jurisdiction, String text, String ciphertext, ConversationAccess access) {
        byte[] body;
        String flagCategory = null;
        if (access.e2ee()) {
            if (ciphertext == null) {
                throw new ProblemException(
                        400, ErrorCodes.INVALID_FRAME, "This conversation is end-to-end encrypted: send 'ciphertext'.");
            }
            try {
                body = Base64.getDecoder().decode(ciphertext);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(400, ErrorCodes.INVALID_FRAME, "'ciphertext' must be base64.");
            }
        } else {
            if (text == null) {
                throw new ProblemException(
                        400, ErrorCodes.INVALID_FRAME, "This conversation is not end-to-end encrypted: send 'text'.");
            }
            // Decided before anything is stored; end-to-end encrypted bodies cannot be read, so skip this.
            SendPolicy.Verdict decision = policy.check(jurisdiction, text);
            if (decision.blocked()) {
                throw new ProblemException(
                        422,
                        ErrorCodes.BLOCKED_BY_POLICY,
                        "This message breaks the content rules (" + decision.category() + ") and was not sent.");
            }
            body = decision.text().getBytes(StandardCharsets.UTF_8);
            flagCategory = decision.flagCategory();
        }
        return new Body(body, flagCategory);
    }

    /** A listener's failure never fails the sender's ack: the message is committed either way. */
    private void sent(MessageSent sent) {
        for (MessageSentListener listener : sentListeners) {
            try {
                listener.onMessageSent(sent);
            } catch (RuntimeException e) {
                LOG.warnf(
                        "%s failed on a sent message: %s",
                        listener.getClass().getSimpleName(), e.getClass().getSimpleName());
            }
        }
    }

    /** Hands an admitted send to the writer; the stage completes with the ack after COMMIT. */
    private CompletionStage<Ack> queue(
            String sender,
            String senderRegion,
            ClientFrame.Send frame,
            ConversationAccess access,
            Body body,
            String originConnection) {
        return queue(sender, senderRegion, frame, access, body, originConnection, List.of());
    }

    private CompletionStage<Ack> queue(
            String sender,
            String senderRegion,
            ClientFrame.Send frame,
            ConversationAccess access,
            Body body,
            String originConnection,
            List<MessageAttachments.Attached> files) {
        CompletionStage<Ack> ack = writer.submit(
                        sender,
                        frame.conversation(),
                        frame.clientMsgId(),
                        body.bytes(),
                        access.e2ee(),
                        originConnection,
                        senderRegion,
                        files,
                        frame.frankingCommitment())
                .thenApply(stored -> {
                    sent(new MessageSent(sender, stored.conversation(), stored.seq()));
                    return stored;
                });
        String flagged = body.flagCategory();
        return flagged == null
                ? ack
                : ack.thenCompose(stored -> policy.flag(stored.conversation(), stored.seq(), sender, flagged)
                        .replaceWith(stored)
                        .subscribeAsCompletionStage());
    }

    /**
     * The sender's month key, loaded before the send joins its writer lane: a cache hit completes at once;
     * a new month key (a KMS call, retried for up to seconds while KMS throttles or is down) is waited for
     * here, so it never holds up the other conversations sharing that lane.
     */
    private Uni<Boolean> senderKeyReady(String sender) {
        return cipher.keysForSending(List.of(sender), cipher.currentEpoch())
                .map(keys -> Boolean.TRUE)
                .onFailure()
                .transform(failure -> {
                    // Class only: no key material or user ids in logs.
                    LOG.warnf(
                            "sender's data key unavailable: %s",
                            failure.getClass().getName());
                    return new ProblemException(
                            503,
                            ErrorCodes.INTERNAL,
                            "Your encryption key is unavailable right now; retry with the same clientMsgId.");
                });
    }

    /**
     * A restricted account (GDPR Art. 18) keeps its data readable but may not send; a minor waits for their
     * guardian's approval before sending (GDPR Art. 8, COPPA).
     */
    Uni<Void> requireMayProcess(String sender) {
        return users.status(sender)
                .invoke(status -> {
                    ProblemException refused = sendRefusalFor(status);
                    if (refused != null) {
                        throw refused;
                    }
                })
                .replaceWithVoid();
    }

    /** Why an account with this status may not send, or null when it may (both send paths ask here). */
    private static ProblemException sendRefusalFor(UserStatus status) {
        if (status == UserStatus.RESTRICTED) {
            return new ProblemException(
                    403, ErrorCodes.RESTRICTED, "Processing of your account is restricted; you cannot send.");
        }
        if (status == UserStatus.PENDING_GUARDIAN) {
            return new ProblemException(
                    403, ErrorCodes.CONSENT_REQUIRED, "Your guardian must approve your account before you can send.");
        }
        return null;
    }

    /**
     * The sender of the message at {@code seq}, for a member who reports it; {@code not_found} when the
     * caller is not a member or there is no such message (a report cannot probe other conversations).
     */
    /** The author of a reportable message and whether its conversation is end-to-end encrypted. */
    public record Reportable(String sender, boolean e2ee, String hostRegion) {}

    /** Only members report; to anyone else the message does not exist. */
    public Uni<Reportable> reportable(String member, UUID conversation, long seq) {
        return membership.get(conversation).flatMap(found -> {
            if (found.isEmpty() || !found.get().members().contains(member)) {
                throw ProblemException.notFound("No such message.");
            }
            return messages.senderOf(conversation, seq)
                    .map(sender -> new Reportable(
                            sender.orElseThrow(() -> ProblemException.notFound("No such message.")),
                            found.get().e2ee(),
                            found.get().hostRegion()));
        });
    }

    /** A reported message as members see it, for the moderator deciding the report; empty when it is gone. */
    public Uni<Optional<MessageView>> forModeration(UUID conversation, long seq) {
        return membership
                .get(conversation)
                .flatMap(found -> found.isEmpty()
                        ? Uni.createFrom().item(Optional.empty())
                        : messages.range(conversation, seq - 1, seq, 1)
                                .flatMap(rows ->
                                        changes.original(conversation, seq).map(original -> asReported(rows, original)))
                                .flatMap(rows -> reader.views(rows, found.get().e2ee()))
                                .map(views -> views.stream().findFirst()));
    }

    /** The message as it was reported, when its author edited or unsent it while the report was open. */
    private static List<StoredMessage> asReported(List<StoredMessage> rows, Optional<SealedText> original) {
        if (original.isEmpty() || rows.isEmpty()) {
            return rows;
        }
        StoredMessage m = rows.get(0);
        if (!"visible".equals(m.state()) && !"deleted".equals(m.state())) {
            return rows;
        }
        return List.of(new StoredMessage(
                m.conversation(),
                m.seq(),
                m.id(),
                m.sender(),
                m.clientMsgId(),
                original.get(),
                m.sentAt(),
                "visible",
                m.senderRegion(),
                null));
    }

    /** A moderator's removal, inside the decision's transaction; members then see it as removed. */
    public Uni<Boolean> removeByModeration(Mutiny.Session session, UUID conversation, long seq) {
        return messages.removeByModeration(session, conversation, seq);
    }

    /** A committed message as a replica in another region needs it: opened, with what dedupes a retried send. */
    public record Committed(
            long seq,
            UUID id,
            String sender,
            UUID clientMsgId,
            String text,
            String ciphertext,
            String sentAt,
            String state) {}

    /** Up to {@code limit} committed messages after {@code afterSeq}, opened, for the conversation's replicas. */
    public Uni<List<Committed>> committedAfter(UUID conversation, long afterSeq, int limit) {
        return membership.get(conversation).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(List.<Committed>of());
            }
            return messages.range(conversation, afterSeq, Long.MAX_VALUE, limit)
                    .flatMap(rows -> reader.views(rows, found.get().e2ee()).map(views -> {
                        List<Committed> committed = new java.util.ArrayList<>(rows.size());
                        for (int i = 0; i < rows.size(); i++) {
                            StoredMessage row = rows.get(i);
                            MessageView view = views.get(i);
                            String state = Boolean.TRUE.equals(view.erased()) || Boolean.TRUE.equals(view.unreadable())
                                    ? "erased"
                                    : Boolean.TRUE.equals(view.removed()) ? "removed" : "visible";
                            committed.add(new Committed(
                                    row.seq(),
                                    row.id(),
                                    row.sender(),
                                    row.clientMsgId(),
                                    view.text(),
                                    view.ciphertext(),
                                    view.sentAt(),
                                    state));
                        }
                        return committed;
                    }));
        });
    }

    public Uni<Page> history(String user, UUID conversation, long afterSeq, int limit) {
        return requireMember(conversation, user)
                .flatMap(access -> messages.range(conversation, afterSeq, Long.MAX_VALUE, limit + 1)
                        .flatMap(rows -> {
                            List<StoredMessage> page = HistoryPages.within(rows, limit, maxHistoryBytes);
                            boolean hasMore = page.size() < rows.size();
                            return reader.views(page, access.e2ee()).map(views -> new Page(views, hasMore));
                        }));
    }

    /** One of a user's own messages, opened, for their data export. */
    public record AuthoredMessage(
            UUID conversation,
            long seq,
            String text,
            String ciphertext,
            String sentAt,
            boolean removed,
            boolean unreadable) {}

    /**
     * A page of everything {@code user} authored, in (conversation, seq) order after the given position
     * (start with the nil UUID and 0). Pages keep an export of any size in bounded memory.
     */
    public Uni<List<AuthoredMessage>> authoredPage(String user, UUID afterConversation, long afterSeq, int limit) {
        return messages.authoredBy(user, afterConversation, afterSeq, limit)
                .flatMap(page -> {
                    java.util.Set<UUID> e2ee = page.stream()
                            .filter(MessageRepository.Authored::e2ee)
                            .map(a -> a.message().conversation())
                            .collect(java.util.stream.Collectors.toSet());
                    List<StoredMessage> rows = page.stream()
                            .map(MessageRepository.Authored::message)
                            .toList();
                    return reader.views(rows, row -> e2ee.contains(row.conversation()));
                })
                .map(views -> views.stream()
                        .map(view -> new AuthoredMessage(
                                view.conversation(),
                                view.seq(),
                                view.text(),
                                view.ciphertext(),
                                view.sentAt(),
                                Boolean.TRUE.equals(view.removed()) || Boolean.TRUE.equals(view.erased()),
                                Boolean.TRUE.equals(view.unreadable())))
                        .toList());
    }

    /** Moves the reader's position; other members hear of it as a {@code receipt}. */
    public Uni<Long> markRead(String user, UUID conversation, long seq) {
        return requireMember(conversation, user)
                .flatMap(access -> reads.submit(
                        user,
                        conversation,
                        seq,
                        highest -> conversations
                                .advanceRead(conversation, user, highest)
                                .map(stored -> stored.orElseThrow(() ->
                                        new ProblemException(403, ErrorCodes.NOT_MEMBER, "You are not a member.")))
                                // Best effort: a read position lost on the way is overtaken by the next one.
                                .call(stored -> access.hostedHere()
                                        ? Uni.createFrom().voidItem()
                                        : remote.read(access.hostRegion(), user, conversation, stored)
                                                .onFailure()
                                                .recoverWithNull())));
    }

    /** Deletes the caller's own message, at any age (REST); members get a {@code removed} frame. */
    public Uni<Void> deleteOwn(String user, UUID conversation, long seq) {
        return unsend(user, conversation, seq, null);
    }

    /**
     * The sender's delete, for REST and the {@code unsend} frame alike: the text is dropped, members get a
     * {@code removed} frame and read the message as removed. With a {@code window} (the frame), a message that is
     * not the caller's, is past the window or was removed or erased is {@code forbidden}; without one (REST),
     * anything but the caller's own message is {@code not_found}. An open report on it keeps the original for
     * moderators and audits the unsend. Conversations hosted elsewhere: the host deletes first and tells every
     * region; this replica drops its copy at once.
     */
    public Uni<Void> unsend(String user, UUID conversation, long seq, Duration window) {
        return requireMember(conversation, user).flatMap(access -> {
            if (access.hostedHere()) {
                return deleteHere(user, conversation, seq, window);
            }
            // The frame's window is checked on this replica's copy; the host checks the rest.
            Uni<Void> checked = window == null
                    ? Uni.createFrom().voidItem()
                    : transactions.inTransaction(conn -> changes.lock(conn, conversation, seq)
                            .invoke(found -> deletable(found, user, window))
                            .replaceWithVoid());
            return checked.flatMap(ignored -> remote.delete(access.hostRegion(), user, conversation, seq))
                    .flatMap(ignored -> deleteHere(user, conversation, seq, null)
                            .onFailure(ProblemException.class)
                            .recoverWithNull());
        });
    }

    private Uni<Void> deleteHere(String user, UUID conversation, long seq, Duration window) {
        return transactions.inTransaction(conn -> changes.lock(conn, conversation, seq)
                .flatMap(found -> {
                    StoredMessage message = deletable(found, user, window);
                    if ("deleted".equals(message.state())) {
                        return Uni.createFrom().voidItem();
                    }
                    return reported.auditIfReported(conn, user, conversation, seq, "message.unsent")
                            .flatMap(open -> open
                                    ? changes.keepOriginal(conn, conversation, seq)
                                    : Uni.createFrom().voidItem())
                            .flatMap(ignored -> changes.markDeleted(conn, conversation, seq));
                }));
    }

    /** The message when its sender may delete it now, else the refusal (see {@link #unsend}). */
    private StoredMessage deletable(Optional<MessageChangeRepository.Locked> found, String user, Duration window) {
        StoredMessage message =
                found.map(MessageChangeRepository.Locked::message).orElse(null);
        boolean deletableState =
                message != null && ("visible".equals(message.state()) || "deleted".equals(message.state()));
        if (window == null) {
            if (!deletableState || !message.sender().equals(user)) {
                throw new ProblemException(404, ErrorCodes.NOT_FOUND, "You have no message at this seq.");
            }
            return message;
        }
        if (message == null) {
            throw ProblemException.notFound("No such message.");
        }
        if (!message.sender().equals(user)) {
            throw new ProblemException(403, ErrorCodes.FORBIDDEN, "Only its author can unsend a message.");
        }
        if (!deletableState) {
            throw new ProblemException(403, ErrorCodes.FORBIDDEN, "This message was removed or erased.");
        }
        if (clock.instant().isAfter(message.sentAt().plus(window))) {
            throw new ProblemException(
                    403, ErrorCodes.FORBIDDEN, "A message can be unsent for " + window + " after it was sent.");
        }
        return message;
    }
}
