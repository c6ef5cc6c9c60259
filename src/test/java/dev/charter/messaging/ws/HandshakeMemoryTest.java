package dev.charter.messaging.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An open socket keeps what Charter needs (who the user is) and not the upgrade request it came from: no
 * bearer token in the connection's copy of the handshake headers, and no HTTP routing context, which would
 * hold headers, the parsed token and the whole authentication pipeline for as long as the socket lives
 * (about 9 KB per idle connection; docs/performance.md).
 */
@QuarkusTest
class HandshakeMemoryTest {

    @Inject
    OpenConnections openConnections;

    @Test
    void anOpenConnectionKeepsItsUserButNotTheTokenOrTheUpgradeRequest() throws Exception {
        String sub = Tokens.newUserId("memory");
        try (WsClient ws = WsClient.connect(RestAssured.port, Tokens.user(sub))) {
            ws.awaitType("welcome");
            WebSocketConnection connection = ServerSockets.of(openConnections, sub);

            // Not assertNull: its failure message would print the token.
            assertTrue(connection.handshakeRequest().header("Authorization") == null, "the bearer token is still held");
            assertNotNull(connection.handshakeRequest().header("Sec-WebSocket-Key"), "the other headers are kept");
            assertNull(routingContextHeldBy(connection), "the upgrade request's routing context is still held");
            ws.send(WsClient.frame("ping", "still-works"));
            assertEquals("still-works", ws.awaitType("pong").path("ref").asText());
        }
    }

    @Test
    void aBrowserSocketKeepsNoTokenInItsSubProtocolHeader() throws Exception {
        String sub = Tokens.newUserId("memory-browser");
        String token = Tokens.user(sub);
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<String> welcome = new CompletableFuture<>();
            WebSocketConnectOptions options = new WebSocketConnectOptions()
                    .setHost("localhost")
                    .setPort(RestAssured.port)
                    .setURI("/v1/ws")
                    .setSubProtocols(List.of("charter.v1", "quarkus-http-upgrade#Authorization#Bearer " + token));
            // Set on the event loop as the connection completes, so the welcome cannot be missed.
            WebSocket socket = vertx.createHttpClient()
                    .webSocket(options)
                    .onSuccess(ws -> ws.textMessageHandler(welcome::complete))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            welcome.get(10, TimeUnit.SECONDS);
            assertEquals("charter.v1", socket.subProtocol());
            WebSocketConnection connection = ServerSockets.of(openConnections, sub);

            String offered = String.valueOf(connection.handshakeRequest().header("Sec-WebSocket-Protocol"));
            assertTrue(offered.contains("charter.v1"), offered);
            // Not a message with the header in it: that would print the token.
            assertFalse(offered.contains(token), "the bearer token is still held in the sub-protocol header");
            assertTrue(connection.handshakeRequest().header("Authorization") == null, "the bearer token is still held");
            socket.close();
        } finally {
            vertx.close();
        }
    }

    /** WebSockets Next keeps the routing context in the connection's security support while an identity is set. */
    private static Object routingContextHeldBy(WebSocketConnection connection) throws ReflectiveOperationException {
        Object securitySupport = field(connection.getClass(), "securitySupport").get(connection);
        return field(securitySupport.getClass(), "routingContext").get(securitySupport);
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
