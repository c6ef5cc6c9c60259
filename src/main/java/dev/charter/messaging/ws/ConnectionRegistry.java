package dev.charter.messaging.ws;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The WebSocket connections open on this instance, by user. */
@Singleton
public class ConnectionRegistry {

    private final Map<String, Set<WebSocketConnection>> byUser = new ConcurrentHashMap<>();

    void add(String user, WebSocketConnection connection) {
        byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void remove(String user, WebSocketConnection connection) {
        byUser.computeIfPresent(user, (u, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    public Set<WebSocketConnection> of(String user) {
        return byUser.getOrDefault(user, Set.of());
    }

    List<WebSocketConnection> all() {
        return byUser.values().stream().flatMap(Set::stream).toList();
    }

    /** Asks every client to reconnect (and resync); used when live delivery may have missed messages. */
    public void closeAll(CloseReason reason) {
        byUser.values()
                .forEach(set -> set.forEach(c -> c.close(reason).subscribe().with(ok -> {}, e -> {})));
    }
}
