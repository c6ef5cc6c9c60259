package dev.charter.messaging.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.charter.messaging.ClientFrame;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sends are read straight off the parser when they are plain; every other shape is read as a JSON tree. Both
 * must give the same answers: these are the shapes where they could differ.
 */
@QuarkusTest
class FrameReaderTest {

    private static final UUID CONVERSATION = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final UUID CLIENT_MSG_ID = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final String IDS =
            "\"conversation\":\"" + CONVERSATION + "\",\"clientMsgId\":\"" + CLIENT_MSG_ID + "\"";

    @Inject
    FrameReader frames;

    private ClientFrame.Send send(String raw) throws FrameReader.BadFrame {
        return assertInstanceOf(ClientFrame.Send.class, frames.read(raw));
    }

    @Test
    void aPlainSend() throws Exception {
        assertEquals(
                new ClientFrame.Send("r1", CONVERSATION, CLIENT_MSG_ID, "hi \"there\" ✓", null),
                send("{\"type\":\"send\",\"ref\":\"r1\"," + IDS + ",\"text\":\"hi \\\"there\\\" \\u2713\"}"));
        assertEquals(
                new ClientFrame.Send(null, CONVERSATION, CLIENT_MSG_ID, null, "AAEC"),
                send("{" + IDS + ",\"ciphertext\":\"AAEC\",\"type\":\"send\"}"));
    }

    @Test
    void aFrankingCommitmentIsThirtyTwoBytesOfBase64url() throws Exception {
        byte[] commitment = new byte[32];
        commitment[0] = (byte) 0xFB;
        String encoded = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(commitment);
        ClientFrame.Send franked = send("{\"type\":\"send\",\"ref\":\"f\"," + IDS
                + ",\"ciphertext\":\"AAEC\",\"franking\":{\"commitment\":\"" + encoded + "\"}}");
        org.junit.jupiter.api.Assertions.assertArrayEquals(commitment, franked.frankingCommitment());
        assertEquals("AAEC", franked.ciphertext());
        assertEquals(
                null,
                send("{\"type\":\"send\"," + IDS + ",\"ciphertext\":\"AAEC\",\"franking\":null}")
                        .frankingCommitment());
        String thirtyOne = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[31]);
        for (String franking : new String[] {
            "{\"commitment\":\"" + thirtyOne + "\"}", "{\"commitment\":\"+/+/\"}", "{}", "\"" + encoded + "\"", "[]"
        }) {
            FrameReader.BadFrame bad = assertThrows(
                    FrameReader.BadFrame.class,
                    () -> frames.read("{\"type\":\"send\",\"ref\":\"b\"," + IDS
                            + ",\"ciphertext\":\"AAEC\",\"franking\":" + franking + "}"),
                    franking);
            assertEquals("invalid_frame", bad.code, franking);
            assertEquals("b", bad.ref, franking);
        }
    }

    @Test
    void editUnsendAndTypingFrames() throws Exception {
        String conversation = "\"conversation\":\"" + CONVERSATION + "\"";
        assertEquals(
                new ClientFrame.Edit("e", CONVERSATION, 7, "fixed", null),
                frames.read("{\"type\":\"edit\",\"ref\":\"e\"," + conversation + ",\"seq\":7,\"text\":\"fixed\"}"));
        assertEquals(
                new ClientFrame.Edit(null, CONVERSATION, 7, null, "AAEC"),
                frames.read("{\"type\":\"edit\"," + conversation + ",\"seq\":7,\"ciphertext\":\"AAEC\"}"));
        assertEquals(
                new ClientFrame.Unsend("u", CONVERSATION, 3),
                frames.read("{\"type\":\"unsend\",\"ref\":\"u\"," + conversation + ",\"seq\":3}"));
        assertEquals(
                new ClientFrame.Typing(null, CONVERSATION), frames.read("{\"type\":\"typing\"," + conversation + "}"));
        for (String bad : new String[] {
            "{\"type\":\"edit\"," + conversation + ",\"text\":\"no seq\"}",
            "{\"type\":\"edit\"," + conversation + ",\"seq\":1}",
            "{\"type\":\"edit\"," + conversation + ",\"seq\":1,\"text\":\"\"}",
            "{\"type\":\"edit\"," + conversation + ",\"seq\":-1,\"text\":\"x\"}",
            "{\"type\":\"unsend\"," + conversation + "}",
            "{\"type\":\"typing\",\"conversation\":\"not-a-uuid\"}"
        }) {
            FrameReader.BadFrame refused = assertThrows(FrameReader.BadFrame.class, () -> frames.read(bad), bad);
            assertEquals("invalid_frame", refused.code, bad);
        }
    }

    @Test
    void shapesLeftToTheTreeReaderGiveItsAnswers() throws Exception {
        // A repeated field: the last one counts.
        assertEquals(
                "second",
                send("{\"type\":\"send\"," + IDS + ",\"text\":\"first\",\"text\":\"second\"}")
                        .text());
        // Unknown fields are ignored, whatever their values.
        assertEquals(
                "hi",
                send("{\"type\":\"send\"," + IDS + ",\"text\":\"hi\",\"extra\":{\"a\":[1,2]}}")
                        .text());
        // A ref that is not a string is read as its text.
        assertEquals(
                "42",
                send("{\"type\":\"send\",\"ref\":42," + IDS + ",\"text\":\"hi\"}")
                        .ref());
        // An explicit null body is no body.
        assertEquals(
                "hi",
                send("{\"type\":\"send\"," + IDS + ",\"text\":\"hi\",\"ciphertext\":null}")
                        .text());
    }

    @Test
    void refusalsAreTheTreeReadersWithTheFramesRef() {
        assertRefused(
                "The message body must be a non-empty string.",
                "{\"type\":\"send\",\"ref\":\"e\"," + IDS + ",\"text\":\"\"}");
        assertRefused(
                "A send carries exactly one of 'text' and 'ciphertext'.",
                "{\"type\":\"send\",\"ref\":\"e\"," + IDS + ",\"text\":\"a\",\"ciphertext\":\"b\"}");
        assertRefused(
                "'conversation' must be a UUID string.",
                "{\"type\":\"send\",\"ref\":\"e\",\"conversation\":\"nope\",\"clientMsgId\":\"" + CLIENT_MSG_ID
                        + "\",\"text\":\"a\"}");
        assertRefused(
                "'clientMsgId' must be a UUID string.",
                "{\"type\":\"send\",\"ref\":\"e\",\"conversation\":\"" + CONVERSATION + "\",\"text\":\"a\"}");
    }

    private void assertRefused(String message, String raw) {
        FrameReader.BadFrame bad = assertThrows(FrameReader.BadFrame.class, () -> frames.read(raw));
        assertEquals("e", bad.ref);
        assertEquals("invalid_frame", bad.code);
        assertEquals(message, bad.getMessage());
    }
}
