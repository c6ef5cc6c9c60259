package dev.charter.messaging.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.messaging.MessageView;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * Server frames as JSON text. The two written once per message (the sender's {@code ack}, the members'
 * {@code message}) are built directly, byte for byte what Jackson writes for them (FrameWriterTest holds it to
 * that): through Jackson they cost a generator, its buffers and a serializer walk per frame, a tenth of the send
 * path. Every other frame goes through Jackson.
 */
@Singleton
public class FrameWriter {

    /** The ack's or live message's characters besides its ref, text and sender, with room to spare. */
    private static final int FIXED_CHARS = 288;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final ObjectMapper json;

    FrameWriter(ObjectMapper json) {
        this.json = json;
    }

    public String write(Object frame) {
        if (frame instanceof Frames.SendAck ack) {
            return ack(ack);
        }
        if (frame instanceof MessageView view && isLive(view)) {
            return live(view);
        }
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String ack(Frames.SendAck ack) {
        // Sized for the whole frame (about 250 characters besides the ref): growing it would copy it again.
        StringBuilder out = new StringBuilder(
                        FIXED_CHARS + (ack.ref() == null ? 0 : ack.ref().length()))
                .append("{\"type\":");
        string(out, ack.type());
        if (ack.ref() != null) {
            string(out.append(",\"ref\":"), ack.ref());
        }
        return uuid(
                        uuid(
                                        uuid(out.append(",\"conversation\":\""), ack.conversation())
                                                .append("\",\"clientMsgId\":\""),
                                        ack.clientMsgId())
                                .append("\",\"messageId\":\""),
                        ack.messageId())
                .append("\",\"seq\":")
                .append(ack.seq())
                .append(",\"sentAt\":\"")
                .append(ack.sentAt())
                .append("\"}")
                .toString();
    }

    /**
     * A message as delivered live: readable text or E2EE ciphertext, none of the history-only flags and no
     * attachments or franking (a message with either goes through Jackson).
     */
    private static boolean isLive(MessageView view) {
        return view.type() != null
                && view.conversation() != null
                && view.messageId() != null
                && view.sentAt() != null
                && (view.text() == null) != (view.ciphertext() == null)
                && view.removed() == null
                && view.erased() == null
                && view.unreadable() == null
                && view.editedAt() == null
                && view.attachments() == null
                && view.franking() == null;
    }

    private static String live(MessageView view) {
        String body = view.text() != null ? view.text() : view.ciphertext();
        StringBuilder out = new StringBuilder(FIXED_CHARS
                        + body.length()
                        + (view.sender() == null ? 0 : view.sender().length()))
                .append("{\"type\":");
        string(out, view.type());
        uuid(out.append(",\"conversation\":\""), view.conversation())
                .append("\",\"seq\":")
                .append(view.seq());
        uuid(out.append(",\"messageId\":\""), view.messageId()).append("\",\"sender\":");
        if (view.sender() == null) {
            out.append("null");
        } else {
            string(out, view.sender());
        }
        string(out.append(view.text() != null ? ",\"text\":" : ",\"ciphertext\":"), body);
        string(out.append(",\"sentAt\":"), view.sentAt());
        if (view.senderRegion() != null) {
            string(out.append(",\"senderRegion\":"), view.senderRegion());
        }
        return out.append('}').toString();
    }

    /** A UUID in its canonical form, written in place (UUID.toString would allocate a string per id). */
    private static StringBuilder uuid(StringBuilder out, UUID id) {
        hex(out, id.getMostSignificantBits() >>> 32, 8).append('-');
        hex(out, id.getMostSignificantBits() >>> 16, 4).append('-');
        hex(out, id.getMostSignificantBits(), 4).append('-');
        hex(out, id.getLeastSignificantBits() >>> 48, 4).append('-');
        return hex(out, id.getLeastSignificantBits(), 12);
    }

    /** The low {@code digits} hex digits of {@code value}, lower case. */
    private static StringBuilder hex(StringBuilder out, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(int) (value >>> shift) & 0xf]);
        }
        return out;
    }

    /** A JSON string literal, escaped as Jackson's generator escapes it. */
    private static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        return out.append('"');
    }
}
