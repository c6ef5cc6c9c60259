package dev.charter.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A user with 100,000 messages exports them all from a server whose heap is far smaller than the export:
 * the export is streamed page by page, never built in memory. The messages are written by a normally sized
 * instance first (sending is not what is measured here), then a second instance with a 64 MiB heap serves
 * the export of ~40 MB of JSON (~80 MB as one Java string).
 */
public class ExportHeapIT {

    private static final int MESSAGES = 100_000;
    private static final int WINDOW = 1_000;
    private static final String PADDING = "x".repeat(300);
    private static final Map<String, String> NO_RATE_LIMIT =
            Map.of("CHARTER_WS_SENDS_PER_SECOND", "1000000", "CHARTER_WS_SEND_BURST", "1000000");

    @Test
    void aUserWithAHundredThousandMessagesExportsWithinASmallHeap() throws Exception {
        int port = AppProcess.freePort();
        String author = Tokens.newUserId("prolific");
        String reader = Tokens.newUserId("reader");
        String token = Tokens.user(author);

        try (AppProcess writer = AppProcess.start(port, NO_RATE_LIMIT)) {
            Api.on(port, token).get("/v1/conversations").then().statusCode(200);
            Api.on(port, Tokens.user(reader)).get("/v1/conversations").then().statusCode(200);
            UUID conversation = UUID.fromString(Api.on(port, token)
                    .body(Map.of("kind", "direct", "members", List.of(reader)))
                    .post("/v1/conversations")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
            sendAll(port, token, conversation);
        }

        long exportBytes;
        try (AppProcess small = AppProcess.start(port, NO_RATE_LIMIT, List.of("-Xmx64m"))) {
            String id = Api.on(port, token)
                    .body(Map.of("type", "access"))
                    .post("/v1/me/requests")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            HttpResponse<InputStream> response = HttpClient.newHttpClient()
                    .send(exportRequest(port, token, id), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            // The first download is in flight (its reader has not started): a second one of the same account
            // waits its turn instead of running a second full export beside it.
            HttpResponse<String> second = HttpClient.newHttpClient()
                    .send(exportRequest(port, token, id), HttpResponse.BodyHandlers.ofString());
            assertEquals(429, second.statusCode(), second.body());
            assertTrue(second.body().contains("\"rate_limited\""), second.body());
            assertEquals("10", second.headers().firstValue("Retry-After").orElse(null));
            Counted counted;
            try (InputStream body = response.body()) {
                counted = countMessages(body);
            }
            exportBytes = counted.bytes();
            assertEquals(MESSAGES, counted.messages(), "every authored message is exported");
            assertEquals(MESSAGES, counted.seen().cardinality(), "each exactly once, decrypted");
            assertTrue(small.isAlive(), "the small-heap server survived the export");
            Api.on(port, token).get("/v1/me/requests/" + id).then().statusCode(200);
            assertEquals(200, afterTheSlotIsFree(port, token, id), "the slot is released once the export is written");
        }
        System.out.printf("exported %d messages, %.1f MB of JSON, from a 64 MiB heap%n", MESSAGES, exportBytes / 1e6);
        assertTrue(exportBytes > 64L * 1024 * 1024 / 2, "the export must not fit in the server's heap as a string");
    }

    private static HttpRequest exportRequest(int port, String token, String id) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/me/requests/" + id + "/export"))
                .header("Authorization", "Bearer " + token)
                .build();
    }

    /** The status of a download retried while the server finishes writing the previous one. */
    private static int afterTheSlotIsFree(int port, String token, String id) throws Exception {
        int status = 0;
        for (int i = 0; i < 50 && status != 200; i++) {
            HttpResponse<Void> r = HttpClient.newHttpClient()
                    .send(exportRequest(port, token, id), HttpResponse.BodyHandlers.discarding());
            status = r.statusCode();
            if (status != 200) {
                Thread.sleep(200);
            }
        }
        return status;
    }

    /** Sends in acked windows, so neither side buffers the whole stream. */
    private static void sendAll(int port, String token, UUID conversation) {
        try (WsClient ws = WsClient.connect(port, token)) {
            ws.awaitType("welcome");
            for (int start = 0; start < MESSAGES; start += WINDOW) {
                int end = Math.min(MESSAGES, start + WINDOW);
                for (int i = start; i < end; i++) {
                    ws.send(WsClient.frame("send", "m" + i)
                            .put("conversation", conversation.toString())
                            .put("clientMsgId", UUID.randomUUID().toString())
                            .put("text", "export " + i + " " + PADDING));
                }
                for (int i = start; i < end; i++) {
                    JsonNode ack = ws.awaitRef("m" + i);
                    assertEquals("ack", ack.path("type").asText(), ack.toString());
                }
            }
        }
    }

    private record Counted(int messages, BitSet seen, long bytes) {}

    /** Streams through the export, counting the authored messages and which of them were seen. */
    private static Counted countMessages(InputStream body) throws IOException {
        CountingStream counting = new CountingStream(body);
        BitSet seen = new BitSet(MESSAGES);
        int messages = 0;
        try (JsonParser parser = new JsonFactory().createParser(counting)) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (!"messages".equals(field)) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        parser.nextToken();
                        if ("text".equals(name)) {
                            String text = parser.getText();
                            assertTrue(text.startsWith("export ") && text.endsWith(PADDING), "decrypted text");
                            seen.set(Integer.parseInt(text.substring(7, text.indexOf(' ', 7))));
                        } else {
                            parser.skipChildren();
                        }
                    }
                    messages++;
                }
            }
        }
        return new Counted(messages, seen, counting.count);
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
