package dev.charter.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The GCM additional data of a message: binds its ciphertext to (conversation, seq, sender, epoch), so a
 * row copied to another conversation, position or author fails to decrypt instead of showing wrong text.
 */
public final class MessageAad {

    private static final byte FORMAT = 1;
    private static final byte REPORT_COPY_FORMAT = 2;

    private MessageAad() {}

    /** A reporter's copy of an end-to-end encrypted message, bound to its report (a distinct format byte). */
    public static byte[] ofReportCopy(UUID report, String reporter, int epoch) {
        byte[] reporterBytes = reporter.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 16 + 4 + reporterBytes.length + 4)
                .put(REPORT_COPY_FORMAT)
                .putLong(report.getMostSignificantBits())
                .putLong(report.getLeastSignificantBits())
                .putInt(reporterBytes.length)
                .put(reporterBytes)
                .putInt(epoch)
                .array();
    }

    public static byte[] of(UUID conversation, long seq, String sender, int epoch) {
        byte[] senderBytes = sender.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 16 + 8 + 4 + senderBytes.length + 4)
                .put(FORMAT)
                .putLong(conversation.getMostSignificantBits())
                .putLong(conversation.getLeastSignificantBits())
                .putLong(seq)
                .putInt(senderBytes.length)
                .put(senderBytes)
                .putInt(epoch)
                .array();
    }
}
