package dev.charter.messaging.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames that cost a query have a budget, and a history page stops at a size, not only at a count. */
@QuarkusTest
public class FrameBudgetTest {

    @Test
    void aFloodOfSyncsIsRateLimitedAndEveryFrameIsAnswered() {
        Pair p = Pair.create();
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            int frames = 600;
            for (int i = 0; i < frames; i++) {
                alice.send(Frames.sync("s" + i, p.conversation(), 0, 1));
            }
            int limited = 0;
            int answered = 0;
            for (int i = 0; i < frames; i++) {
                JsonNode reply = alice.awaitRef("s" + i);
                if ("error".equals(reply.path("type").asText())) {
                    assertEquals("rate_limited", reply.path("code").asText(), reply.toString());
                    limited++;
                } else {
                    assertEquals("history", reply.path("type").asText(), reply.toString());
                    answered++;
                }
            }
            assertTrue(limited > 0, "past the burst of 200 some syncs are refused");
            assertTrue(answered >= 200, "the burst itself is served: " + answered);
            // Pings are free, and the budget refills.
            alice.send(Frames.ping("after"));
            assertEquals("pong", alice.awaitRef("after").path("type").asText());
        }
    }

    @Test
    void aHistoryPageStopsAtAMegabyteOfTextAndTheNextPageHasTheRest() {
        Pair p = Pair.create();
        String big = "y".repeat(60_000);
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            for (int i = 0; i < 20; i++) {
                alice.send(Frames.send("m" + i, p.conversation(), i + big));
                assertEquals("ack", alice.awaitRef("m" + i).path("type").asText());
            }
            List<Long> seqs = new ArrayList<>();
            long after = 0;
            int pages = 0;
            boolean more = true;
            while (more) {
                alice.send(Frames.sync("h" + pages, p.conversation(), after, 500));
                JsonNode page = alice.awaitRef("h" + pages);
                assertEquals("history", page.path("type").asText(), page.toString());
                assertTrue(page.path("messages").size() <= 17, "at most ~1 MiB per page");
                for (JsonNode m : page.path("messages")) {
                    seqs.add(m.path("seq").asLong());
                    after = m.path("seq").asLong();
                }
                more = page.path("hasMore").asBoolean();
                pages++;
            }
            assertEquals(2, pages);
            assertEquals(20, seqs.size());
            assertEquals(seqs.stream().distinct().sorted().toList(), seqs);
        }
    }
}
