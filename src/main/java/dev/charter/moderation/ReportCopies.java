package dev.charter.moderation;

import dev.charter.crypto.DataKey;
import dev.charter.crypto.DataKeyId;
import dev.charter.crypto.MessageAad;
import dev.charter.crypto.MessageCipher;
import dev.charter.crypto.SealedText;
import dev.charter.crypto.StaleDataKeyException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reporters' copies of end-to-end encrypted messages, sealed like messages under the reporter's month key
 * and bound to their report: the copy is never stored in the clear, and erasing the reporter shreds it.
 */
@ApplicationScoped
class ReportCopies {

    private final MessageCipher cipher;

    ReportCopies(MessageCipher cipher) {
        this.cipher = cipher;
    }

    Uni<SealedText> seal(UUID report, String reporter, String text) {
        int epoch = cipher.currentEpoch();
        return cipher.keysForSending(List.of(reporter), epoch)
                .map(keys -> {
                    DataKey key = keys.get(reporter);
                    if (key == null || key.destroyed()) {
                        throw new IllegalStateException("the reporter has no live key for this month");
                    }
                    return cipher.seal(
                            key,
                            text.getBytes(StandardCharsets.UTF_8),
                            MessageAad.ofReportCopy(report, reporter, epoch));
                })
                .onFailure(StaleDataKeyException.class)
                .retry()
                .atMost(2);
    }

    /** The copy's text; empty when its key is gone (the reporter was erased) or it does not authenticate. */
    Uni<Optional<String>> open(UUID report, String reporter, SealedText copy) {
        DataKeyId id = MessageCipher.keyOf(reporter, copy);
        return cipher.keysForReading(List.of(id)).map(keys -> {
            MessageCipher.Opened opened =
                    cipher.open(keys.get(id), copy, MessageAad.ofReportCopy(report, reporter, copy.keyEpoch()));
            return opened.readable()
                    ? Optional.of(new String(opened.plaintext(), StandardCharsets.UTF_8))
                    : Optional.empty();
        });
    }
}
