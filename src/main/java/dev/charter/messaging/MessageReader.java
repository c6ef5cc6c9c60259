package dev.charter.messaging;

import dev.charter.crypto.DataKey;
import dev.charter.crypto.DataKeyId;
import dev.charter.crypto.MessageAad;
import dev.charter.crypto.MessageCipher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns stored rows into what clients see, opening the sealed bodies: the page's data keys are acquired
 * once (cache hits in the steady state), then every row is opened. A row that does not authenticate is
 * shown as unreadable; one whose author's keys were crypto-shredded, as erased. Never someone else's text.
 */
@ApplicationScoped
public class MessageReader {

    private final MessageCipher cipher;
    private final Instance<MessageAttachments> attachments;
    private final MessageFrankingRepository frankings;

    MessageReader(MessageCipher cipher, Instance<MessageAttachments> attachments, MessageFrankingRepository frankings) {
        this.cipher = cipher;
        this.attachments = attachments;
        this.frankings = frankings;
    }

    /**
     * Rows of one conversation. In an E2EE conversation, messages sent with a franking commitment carry its
     * evidence while they are readable and unedited (an edit replaces the text the commitment was made to).
     */
    public Uni<List<MessageView>> views(List<StoredMessage> rows, boolean e2ee) {
        Uni<List<MessageView>> views = views(rows, row -> e2ee);
        List<StoredMessage> frankable = e2ee
                ? rows.stream()
                        .filter(m -> "visible".equals(m.state()) && m.editedAt() == null)
                        .toList()
                : List.of();
        if (frankable.isEmpty()) {
            return views;
        }
        return views.flatMap(list -> frankings
                .of(frankable)
                .map(found -> found.isEmpty()
                        ? list
                        : list.stream()
                                .map(v -> v.withFranking(
                                        found.get(new MessageFrankingRepository.Position(v.conversation(), v.seq()))))
                                .toList()));
    }

    /** Rows of several conversations, each with its own E2EE flag (exports). */
    public Uni<List<MessageView>> views(List<StoredMessage> rows, java.util.function.Predicate<StoredMessage> e2ee) {
        List<DataKeyId> needed = new ArrayList<>();
        for (StoredMessage m : rows) {
            if ("visible".equals(m.state())) {
                needed.add(MessageCipher.keyOf(m.sender(), m.body()));
            }
        }
        Uni<Map<DataKeyId, DataKey>> keys =
                needed.isEmpty() ? Uni.createFrom().item(Map.of()) : cipher.keysForReading(needed);
        Uni<List<MessageView>> views = keys.map(found -> rows.stream()
                .map(m -> view(m, e2ee.test(m), found)
                        .fromRegion(m.senderRegion())
                        .editedAt(m.editedAt()))
                .toList());
        List<StoredMessage> marked = rows.stream()
                .filter(m -> "visible".equals(m.state()) && MessageAttachments.marked(m.id()))
                .toList();
        if (marked.isEmpty() || !attachments.isResolvable()) {
            return views;
        }
        return views.flatMap(list -> attachments
                .get()
                .of(marked)
                .map(files -> list.stream()
                        .map(v -> v.withAttachments(files.get(v.messageId())))
                        .toList()));
    }

    private MessageView view(StoredMessage m, boolean e2ee, Map<DataKeyId, DataKey> keys) {
        String sentAt = m.sentAt().toString();
        switch (m.state()) {
            case "deleted", "removed" -> {
                return MessageView.removed(m.conversation(), m.seq(), m.id(), m.sender(), sentAt);
            }
            case "erased" -> {
                return MessageView.erased(m.conversation(), m.seq(), m.id(), sentAt);
            }
            default -> {
                MessageCipher.Opened opened = cipher.open(
                        keys.get(MessageCipher.keyOf(m.sender(), m.body())),
                        m.body(),
                        MessageAad.of(
                                m.conversation(), m.seq(), m.sender(), m.body().keyEpoch()));
                if (opened.erased()) {
                    return MessageView.erased(m.conversation(), m.seq(), m.id(), sentAt);
                }
                if (!opened.readable()) {
                    return MessageView.unreadable(m.conversation(), m.seq(), m.id(), m.sender(), sentAt);
                }
                byte[] plain = opened.plaintext();
                return e2ee
                        ? MessageView.e2ee(
                                m.conversation(),
                                m.seq(),
                                m.id(),
                                m.sender(),
                                Base64.getEncoder().encodeToString(plain),
                                sentAt)
                        : MessageView.readable(
                                m.conversation(),
                                m.seq(),
                                m.id(),
                                m.sender(),
                                new String(plain, StandardCharsets.UTF_8),
                                sentAt);
            }
        }
    }
}
