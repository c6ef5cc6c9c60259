package dev.charter.attachment;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.crypto.DataKey;
import dev.charter.crypto.DataKeyId;
import dev.charter.crypto.MessageCipher;
import dev.charter.crypto.SealedText;
import dev.charter.messaging.MessageAttachments;
import dev.charter.messaging.StoredMessage;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Attachments' side of {@link MessageAttachments}: claiming files for a send and listing a message's files. */
@Singleton
public class AttachmentLinks implements MessageAttachments {

    private final AttachmentRepository repository;
    private final MessageCipher cipher;

    AttachmentLinks(AttachmentRepository repository, MessageCipher cipher) {
        this.repository = repository;
        this.cipher = cipher;
    }

    @Override
    public Uni<List<Attached>> claim(String sender, UUID conversation, UUID clientMsgId, List<UUID> files) {
        return repository.claim(sender, conversation, clientMsgId, files).flatMap(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom()
                        .failure(new ProblemException(
                                404,
                                ErrorCodes.NOT_FOUND,
                                "No such attachment: each must be uploaded by the sender to this conversation and "
                                        + "not be attached to another message."));
            }
            return attached(claimed)
                    .map(byId -> files.stream()
                            .map(byId::get)
                            .filter(java.util.Objects::nonNull)
                            .toList());
        });
    }

    @Override
    public Uni<Map<UUID, List<Attached>>> of(List<StoredMessage> messages) {
        Map<String, UUID> messageIds = new HashMap<>();
        List<String> senders = new ArrayList<>();
        List<UUID> clientMsgIds = new ArrayList<>();
        for (StoredMessage m : messages) {
            messageIds.put(m.sender() + "\n" + m.clientMsgId(), m.id());
            senders.add(m.sender());
            clientMsgIds.add(m.clientMsgId());
        }
        return repository
                .claimedBy(senders, clientMsgIds)
                .flatMap(rows -> attached(rows).map(views -> {
                    Map<UUID, List<Attached>> byMessage = new HashMap<>();
                    for (StoredAttachment row : rows) {
                        UUID message = messageIds.get(row.uploader() + "\n" + row.clientMsgId());
                        Attached view = views.get(row.id());
                        if (message != null && view != null) {
                            byMessage
                                    .computeIfAbsent(message, k -> new ArrayList<>())
                                    .add(view);
                        }
                    }
                    return byMessage;
                }));
    }

    /** The rows as listed, their digests opened; a row whose key is gone is left out. */
    private Uni<Map<UUID, Attached>> attached(List<StoredAttachment> rows) {
        List<DataKeyId> keys = rows.stream()
                .map(r -> new DataKeyId(r.uploader(), r.keyEpoch(), r.keyVersion()))
                .toList();
        return cipher.keysForReading(keys).map(found -> {
            Map<UUID, Attached> views = new LinkedHashMap<>();
            for (StoredAttachment r : rows) {
                DataKey key = found.get(new DataKeyId(r.uploader(), r.keyEpoch(), r.keyVersion()));
                MessageCipher.Opened digest = cipher.open(
                        key,
                        new SealedText(r.keyEpoch(), r.keyVersion(), r.digestNonce(), r.digestSealed()),
                        ChunkFormat.digestAad(r.id()));
                if (digest.readable()) {
                    views.put(
                            r.id(),
                            new Attached(
                                    r.id(),
                                    r.contentType(),
                                    r.size(),
                                    HexFormat.of().formatHex(digest.plaintext())));
                }
            }
            return views;
        });
    }
}
