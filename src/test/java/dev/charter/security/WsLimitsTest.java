package dev.charter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Handshake limits: connections per user (HTTP 429) and the browser origin allow-list (HTTP 403). */
@QuarkusTest
@TestProfile(HardenedProfile.class)
class WsLimitsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** 101 when the upgrade succeeded (the socket is closed again at once), else the refusal's status. */
    private static int handshake(String token, String origin) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            builder.buildAsync(WsClient.uri(RestAssured.port), new WebSocket.Listener() {})
                    .join()
                    .abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void aUserPastTheConnectionLimitIsRefusedWith429UntilOneCloses() throws Exception {
        String token = HardenedProfile.token(Tokens.newUserId("devices"));
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < HardenedProfile.MAX_CONNECTIONS; i++) {
                WsClient ws = WsClient.connect(RestAssured.port, token);
                ws.awaitType("welcome");
                open.add(ws);
            }
            assertEquals(429, WsClient.refusedStatus(WsClient.uri(RestAssured.port), "Bearer " + token));
            // Someone else is not affected.
            try (WsClient other =
                    WsClient.connect(RestAssured.port, HardenedProfile.token(Tokens.newUserId("bystander")))) {
                other.awaitType("welcome");
            }
            open.remove(0).close();
            long deadline = System.nanoTime() + 10_000_000_000L;
            int status = handshake(token, null);
            while (status != 101 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = handshake(token, null);
            }
            assertEquals(101, status, "a freed slot can be used again");
        } finally {
            open.forEach(WsClient::close);
        }
    }

    @Test
    void aBrowserFromAnOriginNotAllowedIsRefusedWith403() {
        String token = HardenedProfile.token(Tokens.newUserId("phished"));
        assertEquals(403, handshake(token, "https://evil.example"));
        assertEquals(403, handshake(token, HardenedProfile.ORIGIN + ".evil.example"));
        assertEquals(403, handshake(token, "null"));
    }

    @Test
    void theAllowedOriginAndClientsWithoutAnOriginAreAccepted() {
        String token = HardenedProfile.token(Tokens.newUserId("browser"));
        assertEquals(101, handshake(token, HardenedProfile.ORIGIN));
        assertEquals(101, handshake(token, null));
    }
}
