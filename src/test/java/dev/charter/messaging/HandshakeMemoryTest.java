package dev.charter.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.identity.CurrentUser;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
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
            WebSocketConnection connection = openConnections.stream()
                    .filter(c -> sub.equals(userOf(c))).findFirst().orElseThrow();

            // Not assertNull: its failure message would print the token.
            assertTrue(connection.handshakeRequest().header("Authorization") == null, "the bearer token is still held");
            assertNotNull(connection.handshakeRequest().header("Sec-WebSocket-Key"), "the other headers are kept");
            assertNull(routingContextHeldBy(connection), "the upgrade request's routing context is still held");
            ws.send(WsClient.frame("ping", "still-works"));
            assertEquals("still-works", ws.awaitType("pong").path("ref").asText());
        }
    }

    private static String userOf(WebSocketConnection connection) {
        CurrentUser user = connection.userData().get(HandshakeGate.USER);
        return user == null ? null : user.id();
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
