package dev.charter.messaging.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A read position that does not move is acked but neither written nor announced to the other members. */
@QuarkusTest
public class ReadReceiptsTest {

    @Test
    void onlyAReadThatMovesThePositionSendsAReceipt() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken());
                WsClient bob = WsClient.open(p.bobToken())) {
            for (int i = 1; i <= 3; i++) {
                alice.send(Frames.send("m" + i, p.conversation(), "hello " + i));
                assertEquals("ack", alice.awaitRef("m" + i).path("type").asText());
            }
            bob.send(Frames.read("r1", p.conversation(), 3));
            assertEquals("ack", bob.awaitRef("r1").path("type").asText());
            JsonNode receipt = alice.awaitType("receipt");
            assertEquals(3, receipt.path("readSeq").asLong());

            bob.send(Frames.read("r2", p.conversation(), 3));
            bob.send(Frames.read("r3", p.conversation(), 2));
            assertEquals("ack", bob.awaitRef("r2").path("type").asText());
            assertEquals("ack", bob.awaitRef("r3").path("type").asText());
            List<JsonNode> more = alice.drain("receipt", Duration.ofMillis(800));
            assertEquals(List.of(), more, "no receipt for a position that did not move");
        }
    }
}
