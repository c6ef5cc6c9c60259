package dev.charter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Hostile JSON in WebSocket frames gets an error frame and costs the server nothing; the socket stays open. */
@QuarkusTest
class FrameLimitsTest {

    private static WsClient open() {
        WsClient ws = WsClient.connect(RestAssured.port, Tokens.user(Tokens.newUserId("fuzzer")));
        ws.awaitType("welcome");
        return ws;
    }

    private static void assertError(WsClient ws, String code) {
        JsonNode error = ws.awaitType("error");
        assertEquals(code, error.path("code").asText(), error.toString());
    }

    private static void assertStillOpen(WsClient ws) {
        String ref = "alive-" + UUID.randomUUID();
        ws.send(WsClient.frame("ping", ref));
        assertEquals("pong", ws.awaitRef(ref).path("type").asText());
    }

    @Test
    void tenThousandLevelsOfNestingAreAnInvalidFrame() {
        try (WsClient ws = open()) {
            ws.send("{\"type\":\"ping\",\"ref\":\"deep\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
            assertError(ws, "invalid_frame");
            ws.send("[".repeat(10_000));
            assertError(ws, "invalid_frame");
            assertStillOpen(ws);
        }
    }

    @Test
    void nestingJustInsideTheLimitIsParsed() {
        try (WsClient ws = open()) {
            // The frame object itself is one level; 30 more stay within the limit of 32.
            ws.send("{\"type\":\"ping\",\"ref\":\"nested-ok\",\"x\":" + "[".repeat(30) + "]".repeat(30) + "}");
            assertEquals("pong", ws.awaitRef("nested-ok").path("type").asText());
        }
    }

    @Test
    void aHugeNumberIsAnInvalidFrame() {
        try (WsClient ws = open()) {
            String digits = "9".repeat(60_000);
            ws.send("{\"type\":\"sync\",\"ref\":\"big\",\"conversation\":\"" + UUID.randomUUID() + "\",\"afterSeq\":"
                    + digits + "}");
            assertError(ws, "invalid_frame");
            ws.send("{\"type\":\"ping\",\"ref\":\"exp\",\"x\":1e" + "9".repeat(5_000) + "}");
            assertError(ws, "invalid_frame");
            assertStillOpen(ws);
        }
    }

    @Test
    void aNumberTooLargeForASeqIsAnInvalidFrame() {
        try (WsClient ws = open()) {
            ws.send("{\"type\":\"sync\",\"ref\":\"overflow\",\"conversation\":\"" + UUID.randomUUID()
                    + "\",\"afterSeq\":99999999999999999999999}");
            JsonNode error = ws.awaitRef("overflow");
            assertEquals("invalid_frame", error.path("code").asText(), error.toString());
            assertStillOpen(ws);
        }
    }
}
