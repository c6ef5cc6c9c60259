package dev.charter.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Files attached to a send: claimed once, listed on the live message, in history and in sync. */
@QuarkusTest
public class AttachmentSendTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3};

    private static ObjectNode send(String ref, UUID conversation, UUID clientMsgId, String text, Object... files) {
        ObjectNode frame = WsClient.frame("send", ref)
                .put("conversation", conversation.toString())
                .put("clientMsgId", clientMsgId.toString())
                .put("text", text);
        ArrayNode list = frame.putArray("attachments");
        for (Object file : files) {
            list.add(file.toString());
        }
        return frame;
    }

    private static void assertListed(JsonNode message, UUID png, UUID blob, byte[] blobBytes) {
        JsonNode files = message.path("attachments");
        assertEquals(2, files.size(), message.toString());
        assertEquals(png.toString(), files.get(0).path("id").asText());
        assertEquals("image/png", files.get(0).path("contentType").asText());
        assertEquals(PNG.length, files.get(0).path("size").asLong());
        assertEquals(Uploads.sha256(PNG), files.get(0).path("sha256").asText());
        assertEquals(blob.toString(), files.get(1).path("id").asText());
        assertEquals(blobBytes.length, files.get(1).path("size").asLong());
        assertEquals(Uploads.sha256(blobBytes), files.get(1).path("sha256").asText());
    }

    @Test
    void aSendCarriesItsFilesToEveryMemberAndIntoHistory() {
        Pair p = Pair.create();
        byte[] blobBytes = Uploads.random(70_000, 21);
        UUID png = Uploads.uploaded(p.aliceToken(), p.conversation(), "image/png", PNG);
        UUID blob = Uploads.uploaded(p.aliceToken(), p.conversation(), "application/octet-stream", blobBytes);

        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            UUID clientMsgId = UUID.randomUUID();
            alice.send(send("a1", p.conversation(), clientMsgId, "two files", png, blob));
            JsonNode ack = alice.awaitRef("a1");
            assertEquals("ack", ack.path("type").asText(), ack.toString());

            JsonNode live = bob.awaitType("message");
            assertEquals("two files", live.path("text").asText());
            assertEquals(ack.path("messageId").asText(), live.path("messageId").asText());
            assertListed(live, png, blob, blobBytes);

            alice.send(send("a2", p.conversation(), clientMsgId, "two files", png, blob));
            assertEquals(
                    ack.path("messageId").asText(),
                    alice.awaitRef("a2").path("messageId").asText(),
                    "a retried send gets the original ack");

            alice.send(send("a3", p.conversation(), UUID.randomUUID(), "again", png));
            JsonNode reused = alice.awaitRef("a3");
            assertEquals("error", reused.path("type").asText());
            assertEquals("not_found", reused.path("code").asText(), "a file is attached to one message only");

            bob.send(send("b1", p.conversation(), UUID.randomUUID(), "not mine", blob));
            assertEquals("not_found", bob.awaitRef("b1").path("code").asText(), "only the uploader attaches a file");

            alice.send(send("a4", p.conversation(), UUID.randomUUID(), "plain"));
            alice.awaitRef("a4");
            JsonNode plain = bob.awaitType("message");
            assertFalse(plain.has("attachments"), "a message without files has no attachments field: " + plain);

            Object[] eleven = new Object[11];
            for (int i = 0; i < eleven.length; i++) {
                eleven[i] = UUID.randomUUID();
            }
            alice.send(send("a5", p.conversation(), UUID.randomUUID(), "too many", eleven));
            assertEquals("invalid_frame", alice.awaitRef("a5").path("code").asText());
            alice.send(send("a6", p.conversation(), UUID.randomUUID(), "bad id", "not-a-uuid"));
            assertEquals("invalid_frame", alice.awaitRef("a6").path("code").asText());

            bob.send(WsClient.frame("sync", "b2")
                    .put("conversation", p.conversation().toString())
                    .put("afterSeq", 0));
            JsonNode reply = bob.awaitRef("b2");
            JsonNode synced = reply.path("messages");
            assertEquals(2, synced.size(), reply.toString());
            assertListed(synced.get(0), png, blob, blobBytes);
            assertFalse(synced.get(1).has("attachments"));
        }

        List<JsonNode> history = Chat.history(p.bobToken(), p.conversation());
        assertEquals(2, history.size());
        assertListed(history.get(0), png, blob, blobBytes);
        assertFalse(history.get(1).has("attachments"));
    }
}
