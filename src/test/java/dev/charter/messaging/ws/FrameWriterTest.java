package dev.charter.messaging.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.messaging.Ack;
import dev.charter.messaging.MessageAttachments;
import dev.charter.messaging.MessageView;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hand-built ack and message frames must be exactly what the application's Jackson writes for them. */
@QuarkusTest
class FrameWriterTest {

    private static final List<String> AWKWARD = Arrays.asList(
            null,
            "",
            "plain",
            "with \"quotes\" and \\ backslash",
            "line\nbreak\ttab\rreturn\b\f",
            "\u0000\u0001\u001f\u007f",
            "ünïcødé ✓ 😀 \ud83d (lone surrogate)",
            "</script><!-- & ' -->",
            "\u2028\u2029",
            "x".repeat(5_000));

    @Inject
    ObjectMapper json;

    @Inject
    FrameWriter frames;

    @Test
    void acksAreWhatJacksonWrites() throws Exception {
        for (String ref : AWKWARD) {
            for (Instant sentAt : List.of(
                    Instant.parse("2026-11-30T05:06:07.123456Z"),
                    Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2026-03-04T05:06:07.100Z"))) {
                Frames.SendAck ack = new Frames.SendAck(
                        ref, new Ack(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Long.MAX_VALUE, sentAt));
                assertEquals(json.writeValueAsString(ack), frames.write(ack));
                // Leading zeros and all-ones in every group of the UUIDs' canonical form.
                Frames.SendAck edges = new Frames.SendAck(
                        ref,
                        new Ack(
                                new UUID(0L, 1L),
                                new UUID(-1L, -1L),
                                new UUID(0x0000_0001_0002_0003L, 0x0004_0000_0000_0005L),
                                0,
                                sentAt));
                assertEquals(json.writeValueAsString(edges), frames.write(edges));
            }
        }
    }

    @Test
    void messagesAreWhatJacksonWrites() throws Exception {
        List<MessageView> views = new ArrayList<>();
        for (String value : AWKWARD) {
            if (value == null || value.isEmpty()) {
                continue;
            }
            UUID conversation = UUID.randomUUID();
            views.add(MessageView.readable(
                    conversation, 1, UUID.randomUUID(), "alice", value, "2026-11-30T05:06:07.123456Z"));
            views.add(MessageView.readable(conversation, 2, UUID.randomUUID(), value, "hi", "2026-11-30T05:06:07Z"));
            views.add(MessageView.e2ee(conversation, 3, UUID.randomUUID(), "bob", value, "2026-11-30T05:06:07Z"));
            views.add(MessageView.removed(conversation, 4, UUID.randomUUID(), "bob", "2026-11-30T05:06:07Z"));
            views.add(MessageView.erased(conversation, 5, UUID.randomUUID(), "2026-11-30T05:06:07Z"));
            views.add(MessageView.unreadable(conversation, 6, UUID.randomUUID(), "bob", "2026-11-30T05:06:07Z"));
        }
        views.add(new MessageView(
                "message",
                UUID.randomUUID(),
                7,
                UUID.randomUUID(),
                null,
                "text",
                null,
                "2026-11-30T05:06:07Z",
                null,
                null,
                null,
                null,
                null,
                null));
        views.add(MessageView.readable(UUID.randomUUID(), 9, UUID.randomUUID(), "bob", "hi", "2026-11-30T05:06:07Z")
                .editedAt(java.time.Instant.parse("2026-11-30T05:07:07Z")));
        views.add(MessageView.readable(UUID.randomUUID(), 8, UUID.randomUUID(), "bob", "hi", "2026-11-30T05:06:07Z")
                .fromRegion("us-east-1"));
        views.add(MessageView.readable(UUID.randomUUID(), 9, UUID.randomUUID(), "bob", "hi", "2026-11-30T05:06:07Z")
                .withAttachments(
                        List.of(new MessageAttachments.Attached(UUID.randomUUID(), "image/png", 12, "ab".repeat(32)))));
        for (MessageView view : views) {
            assertEquals(json.writeValueAsString(view), frames.write(view));
        }
    }

    @Test
    void otherFramesGoThroughJackson() throws Exception {
        Frames.Error error = new Frames.Error("r\"1", "invalid_frame", "bad\nframe");
        assertEquals(json.writeValueAsString(error), frames.write(error));
    }
}
