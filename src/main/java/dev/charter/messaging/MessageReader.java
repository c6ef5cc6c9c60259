package dev.charter.messaging;

import dev.charter.crypto.MessageAad;
import dev.charter.crypto.MessageCipher;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Turns stored rows into what clients see, opening the sealed body. */
@ApplicationScoped
class MessageReader {

    private final MessageCipher cipher;

    MessageReader(MessageCipher cipher) {
        this.cipher = cipher;
    }

    MessageView view(StoredMessage m, boolean e2ee) {
        String sentAt = m.sentAt().toString();
        switch (m.state()) {
            case "deleted", "removed" -> {
                return MessageView.removed(m.conversation(), m.seq(), m.id(), m.sender(), sentAt);
            }
            case "erased" -> {
                return MessageView.erased(m.conversation(), m.seq(), m.id(), sentAt);
            }
            default -> {
                byte[] plain = cipher.open(m.body(),
                        MessageAad.of(m.conversation(), m.seq(), m.sender(), m.body().keyEpoch()));
                if (plain == null) {
                    return MessageView.unreadable(m.conversation(), m.seq(), m.id(), m.sender(), sentAt);
                }
                return e2ee
                        ? MessageView.e2ee(m.conversation(), m.seq(), m.id(), m.sender(),
                                Base64.getEncoder().encodeToString(plain), sentAt)
                        : MessageView.readable(m.conversation(), m.seq(), m.id(), m.sender(),
                                new String(plain, StandardCharsets.UTF_8), sentAt);
            }
        }
    }
}
