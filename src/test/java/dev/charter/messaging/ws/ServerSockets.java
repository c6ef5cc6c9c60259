package dev.charter.messaging.ws;

import dev.charter.identity.CurrentUser;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;

/** The server's side of a test client's socket, found by the user it was admitted for. */
final class ServerSockets {

    private ServerSockets() {}

    static WebSocketConnection of(OpenConnections open, String user) {
        return open.stream().filter(c -> user.equals(userOf(c))).findFirst().orElseThrow();
    }

    private static String userOf(WebSocketConnection connection) {
        CurrentUser user = connection.userData().get(HandshakeGate.USER);
        return user == null ? null : user.id();
    }
}
