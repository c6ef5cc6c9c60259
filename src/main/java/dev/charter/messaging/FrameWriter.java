package dev.charter.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

/**
 * Server frames as JSON text. The two written once per message (the sender's {@code ack}, the members'
 * {@code message}) are built directly, byte for byte what Jackson writes for them (FrameWriterTest holds it to
 * that): through Jackson they cost a generator, its buffers and a serializer walk per frame, a tenth of the send
 * path. Every other frame goes through Jackson.
 */
@Singleton
class FrameWriter {

    private final ObjectMapper json;

    FrameWriter(ObjectMapper json) {
        this.json = json;
    }

    String write(Object frame) {
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
        StringBuilder out = new StringBuilder(224).append("{\"type\":");
        string(out, ack.type());
        if (ack.ref() != null) {
            string(out.append(",\"ref\":"), ack.ref());
        }
        return out.append(",\"conversation\":\"").append(ack.conversation())
                .append("\",\"clientMsgId\":\"").append(ack.clientMsgId())
                .append("\",\"messageId\":\"").append(ack.messageId())
                .append("\",\"seq\":").append(ack.seq())
                .append(",\"sentAt\":\"").append(ack.sentAt()).append("\"}").toString();
    }

    /** A message as delivered live: readable text or E2EE ciphertext, none of the history-only flags. */
    private static boolean isLive(MessageView view) {
        return view.type() != null && view.conversation() != null && view.messageId() != null && view.sentAt() != null
                && (view.text() == null) != (view.ciphertext() == null)
                && view.removed() == null && view.erased() == null && view.unreadable() == null;
    }

    private static String live(MessageView view) {
        String body = view.text() != null ? view.text() : view.ciphertext();
        StringBuilder out = new StringBuilder(192 + body.length()).append("{\"type\":");
        string(out, view.type());
        out.append(",\"conversation\":\"").append(view.conversation())
                .append("\",\"seq\":").append(view.seq())
                .append(",\"messageId\":\"").append(view.messageId()).append("\",\"sender\":");
        if (view.sender() == null) {
            out.append("null");
        } else {
            string(out, view.sender());
        }
        string(out.append(view.text() != null ? ",\"text\":" : ",\"ciphertext\":"), body);
        return string(out.append(",\"sentAt\":"), view.sentAt()).append('}').toString();
    }

    /** A JSON string literal, escaped as Jackson's generator escapes it. */
    private static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        return out.append('"');
    }
}
