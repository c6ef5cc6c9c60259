package dev.charter.messaging.send;

import dev.charter.messaging.StoredMessage;
import java.util.List;

/** Where a history page ends: at {@code limit} messages or {@code maxBytes} of sealed text, whichever is first. */
final class HistoryPages {

    private HistoryPages() {}

    /** The first messages of {@code rows} that fit; always at least one when there is one. */
    static List<StoredMessage> within(List<StoredMessage> rows, int limit, int maxBytes) {
        int end = Math.min(rows.size(), limit);
        long bytes = 0;
        for (int i = 0; i < end; i++) {
            bytes += size(rows.get(i));
            if (bytes > maxBytes && i > 0) {
                return rows.subList(0, i);
            }
        }
        return rows.subList(0, end);
    }

    private static int size(StoredMessage m) {
        return m.body() == null || m.body().ciphertext() == null ? 0 : m.body().ciphertext().length;
    }
}
