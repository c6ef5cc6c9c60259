package dev.charter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.RawWs;
import dev.charter.testsupport.Tokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by {@link FrameFuzzIT}): a browser sends a message as one WebSocket frame. One frame
 * over 64 KiB used to make Vert.x drop the connection; the contract says {@code payload_too_large} and the
 * connection stays open (the JDK client used by the other tests fragments, so they did not see it).
 */
public class SingleFrameLimitIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneUnfragmentedFrameOverTheLimitGetsPayloadTooLarge() throws Exception {
        int port = Integer.getInteger("frame.port", AppProcess.freePort());
        try (AppProcess app = AppProcess.start(port, Map.of())) {
            String token = Tokens.user(Tokens.newUserId("browser"));
            Api.on(port, token).get("/v1/conversations").then().statusCode(200);
            try (RawWs ws = RawWs.connect(port, token)) {
                assertEquals(
                        "welcome",
                        JSON.readTree(ws.read().payload()).path("type").asText());
                ws.sendText("{\"type\":\"send\",\"ref\":\"big\",\"conversation\":\"" + UUID.randomUUID()
                        + "\",\"clientMsgId\":\"" + UUID.randomUUID() + "\",\"text\":\"" + "x".repeat(70_000) + "\"}");
                JsonNode error = JSON.readTree(ws.read().payload());
                assertEquals("payload_too_large", error.path("code").asText(), error.toString());
                assertEquals("big", error.path("ref").asText());
                ws.sendText("{\"type\":\"ping\",\"ref\":\"after\"}");
                assertEquals(
                        "pong", JSON.readTree(ws.read().payload()).path("type").asText());
            }
        }
    }
}
