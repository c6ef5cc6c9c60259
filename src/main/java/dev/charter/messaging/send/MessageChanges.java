package dev.charter.messaging.send;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.common.Transactions;
import dev.charter.crypto.DataKey;
import dev.charter.crypto.MessageAad;
import dev.charter.crypto.MessageCipher;
import dev.charter.crypto.SealedText;
import dev.charter.crypto.StaleDataKeyException;
import dev.charter.messaging.ClientFrame;
import dev.charter.messaging.ConversationAccess;
import dev.charter.messaging.MessageReader;
import dev.charter.messaging.MessageRepository;
import dev.charter.messaging.MessageView;
import dev.charter.messaging.StoredMessage;
import dev.charter.messaging.Throttle;
import dev.charter.messaging.write.MessagingConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a member does to the conversation besides sending: editing and unsending their own messages, typing.
 * Edits pass the same rules as a send and are sealed anew under the author's current month key, so
 * crypto-shredding that key destroys them as it destroys the messages.
 */
@Singleton
public class MessageChanges {

    private static final Duration TYPING_INTERVAL = Duration.ofSeconds(3);
    private static final int MAX_TYPING_KEYS = 100_000;

    private final MessageService messages;
    private final MessageChangeRepository changes;
    private final ReportedMessages reported;
    private final SendPolicy policy;
    private final MessageCipher cipher;
    private final MessageReader reader;
    private final Transactions transactions;
    private final MessagingConfig config;
    private final Clock clock;
    private final Throttle typing = new Throttle(TYPING_INTERVAL, MAX_TYPING_KEYS);

    MessageChanges(
            MessageService messages,
            MessageChangeRepository changes,
            ReportedMessages reported,
            SendPolicy policy,
            MessageCipher cipher,
            MessageReader reader,
            Transactions transactions,
            MessagingConfig config,
            Clock clock) {
        this.messages = messages;
        this.changes = changes;
        this.reported = reported;
        this.policy = policy;
        this.cipher = cipher;
        this.reader = reader;
        this.transactions = transactions;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Replaces the text (or E2EE ciphertext) of the editor's own message; every member's connections get
     * {@code edited}. Refused with {@code forbidden} past {@code charter.messaging.edit-window}, for someone
     * else's message, or one removed, erased or unreadable; with {@code blocked_by_policy} as a send would be.
     */
    public Uni<Void> edit(String editor, String jurisdiction, ClientFrame.Edit frame) {
        UUID conversation = frame.conversation();
        long seq = frame.seq();
        return messages.requireMayProcess(editor)
                .flatMap(ignored -> policy.requireNotSuspended(editor))
                .flatMap(ignored -> messages.requireMember(conversation, editor))
                .flatMap(access -> {
                    if (!access.hostedHere()) {
                        throw sharedAcrossRegions();
                    }
                    MessageService.Body body = messages.body(jurisdiction, frame.text(), frame.ciphertext(), access);
                    return seal(editor, conversation, seq, body.bytes())
                            .flatMap(newBody -> transactions.inTransaction(conn -> changes.lock(conn, conversation, seq)
                                    .flatMap(found -> editable(found, editor, access)
                                            .flatMap(ignored -> reported.auditIfReported(
                                                    conn, editor, conversation, seq, "message.edited"))
                                            .flatMap(open -> open
                                                    ? changes.keepOriginal(conn, conversation, seq)
                                                    : Uni.createFrom().voidItem())
                                            .flatMap(ignored -> changes.replaceBody(
                                                    conn,
                                                    conversation,
                                                    seq,
                                                    newBody,
                                                    MessageRepository.micros(clock.instant()))))))
                            .call(ignored -> body.flagCategory() == null
                                    ? Uni.createFrom().voidItem()
                                    : policy.flag(conversation, seq, editor, body.flagCategory()));
                });
    }

    /** The {@code unsend} frame: the sender's delete, within {@code charter.messaging.unsend-window}. */
    public Uni<Void> unsend(String user, ClientFrame.Unsend frame) {
        return messages.unsend(user, frame.conversation(), frame.seq(), config.unsendWindow());
    }

    /**
     * Tells the other members' open connections, on every instance of this region, that {@code user} is typing: at
     * most once per 3 s per user and conversation, the rest dropped. Nothing is stored.
     */
    public Uni<Void> typing(String user, ClientFrame.Typing frame) {
        UUID conversation = frame.conversation();
        return messages.requireMember(conversation, user).flatMap(access -> {
            if (!typing.tryPass(new TypingKey(conversation, user))) {
                return Uni.createFrom().voidItem();
            }
            return changes.announceTyping(conversation, user);
        });
    }

    private record TypingKey(UUID conversation, String user) {}

    /** The new body under the editor's current month key, bound to the message's place like a send's. */
    private Uni<SealedText> seal(String editor, UUID conversation, long seq, byte[] body) {
        int epoch = cipher.currentEpoch();
        return cipher.keysForSending(List.of(editor), epoch)
                .map(keys -> {
                    DataKey key = keys.get(editor);
                    if (key == null || key.destroyed()) {
                        throw new ProblemException(403, ErrorCodes.FORBIDDEN, "Your messages can no longer be edited.");
                    }
                    return cipher.seal(key, body, MessageAad.of(conversation, seq, editor, epoch));
                })
                .onFailure(StaleDataKeyException.class)
                .retry()
                .atMost(2);
    }

    /** Succeeds when the locked message is the editor's, still readable and within the edit window. */
    private Uni<Void> editable(
            Optional<MessageChangeRepository.Locked> found, String editor, ConversationAccess access) {
        if (found.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.notFound("No such message."));
        }
        StoredMessage message = found.get().message();
        if (!message.sender().equals(editor)) {
            return Uni.createFrom().failure(forbidden("Only its author can edit a message."));
        }
        if (!"visible".equals(message.state())) {
            return Uni.createFrom().failure(forbidden("This message was removed or erased."));
        }
        if (found.get().sharedWithOtherRegions()) {
            return Uni.createFrom().failure(sharedAcrossRegions());
        }
        Instant now = clock.instant();
        if (now.isAfter(message.sentAt().plus(config.editWindow()))) {
            return Uni.createFrom()
                    .failure(forbidden("A message can be edited for " + config.editWindow() + " after it was sent."));
        }
        return reader.views(List.of(message), access.e2ee())
                .invoke(views -> {
                    MessageView view = views.get(0);
                    if (view.text() == null && view.ciphertext() == null) {
                        throw forbidden("This message cannot be read any more, so it cannot be edited.");
                    }
                })
                .replaceWithVoid();
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(403, ErrorCodes.FORBIDDEN, detail);
    }

    private static ProblemException sharedAcrossRegions() {
        return forbidden("Messages of conversations shared with other regions cannot be edited yet.");
    }
}
