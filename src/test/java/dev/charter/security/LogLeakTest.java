package dev.charter.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Frames;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Message text, tokens and the master key never reach the logs, even with Charter at DEBUG and the access
 * log on, across sends, history, export, refusals and errors. Every record the application logs (message,
 * parameters, exception chain) is captured in memory and searched.
 */
@QuarkusTest
@TestProfile(LogScanProfile.class)
class LogLeakTest {

    private final List<String> captured = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(parameter);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(' ').append(trace);
            }
            synchronized (captured) {
                captured.add(record.getLevel() + " " + record.getLoggerName() + " " + text);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureEverything() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    /** Every log record of the application since the test started, one string each. */
    List<String> logs() {
        synchronized (captured) {
            return List.copyOf(captured);
        }
    }

    /** The master key the application runs with. */
    String masterKey() {
        return ConfigProvider.getConfig().getValue("charter.keys.local.master-key", String.class);
    }

    @Test
    void noMessageTextTokenOrMasterKeyInTheLogs() throws Exception {
        String canary = "canary-" + UUID.randomUUID();
        Pair p = Pair.create();

        Chat.send(p.aliceToken(), p.conversation(), canary, canary + "-2");
        Chat.history(p.bobToken(), p.conversation());
        try (WsClient ws = WsClient.open(p.bobToken())) {
            ws.send(Frames.sync("s", p.conversation(), 0));
            ws.awaitRef("s");
            ws.send("{\"type\":\"send\",\"ref\":\"bad\",\"text\":\"" + canary + "-malformed\"");
            ws.awaitType("error");
            ws.send("{\"type\":\"nope\",\"ref\":\"unknown\",\"text\":\"" + canary + "-unknown\"}");
            ws.awaitRef("unknown");
        }
        String request = Api.as(p.aliceToken())
                .body(Map.of("type", "access"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Api.as(p.aliceToken())
                .get("/v1/me/requests/" + request + "/export")
                .then()
                .statusCode(200);
        Api.as(p.bobToken())
                .body(Map.of(
                        "conversation",
                        p.conversation().toString(),
                        "seq",
                        1,
                        "reason",
                        "spam",
                        "note",
                        canary + "-note"))
                .post("/v1/reports")
                .then()
                .statusCode(201);
        // Refusals and errors are where tokens and bodies tend to be logged.
        String expired = Tokens.claims(p.alice(), "DE").issuedAt(1).expiresAt(2).sign(Tokens.key());
        RestAssured.given()
                .header("Authorization", "Bearer " + expired)
                .get("/v1/conversations")
                .then()
                .statusCode(401);
        WsClient.refusedStatus(WsClient.uri(RestAssured.port), "Bearer " + expired);
        RestAssured.given()
                .header("Authorization", "Bearer " + p.aliceToken())
                .queryParam("access_token", p.aliceToken())
                .get("/v1/conversations")
                .then()
                .statusCode(401);
        Api.as(p.aliceToken())
                .body("{\"kind\":\"group\",\"title\":\"" + canary + "-title\",\"members\":")
                .post("/v1/conversations")
                .then()
                .statusCode(400);

        String masterKey = masterKey();
        List<String> logs = logs();
        // The capture works: the access log saw the calls above.
        assertTrue(
                logs.stream().anyMatch(line -> line.contains("/v1/me/requests/" + request + "/export")),
                "no access-log line captured; captured " + logs.size() + " records");
        for (String line : logs) {
            assertFalse(line.contains(canary), "message text in the log: " + line);
            for (String token : List.of(p.aliceToken(), p.bobToken(), expired)) {
                assertFalse(line.contains(token.substring(token.lastIndexOf('.') + 1)), "a token in the log: " + line);
            }
            assertFalse(line.contains(masterKey), "the master key in the log: " + line);
            assertFalse(line.contains("Response has already been written"), "double response: " + line);
        }
    }
}
