package dev.charter.messaging.ws;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The WebSocket connections open on this instance, by user. */
@Singleton
public class ConnectionRegistry {

    private final Map<String, Set<WebSocketConnection>> byUser = new ConcurrentHashMap<>();
    private final List<ConnectionListener> listeners;

    ConnectionRegistry(Instance<ConnectionListener> listeners) {
        this.listeners = listeners.stream().toList();
    }

    void add(String user, WebSocketConnection connection) {
        boolean[] first = {false};
        byUser.compute(user, (u, set) -> {
            Set<WebSocketConnection> connections = set;
            if (connections == null) {
                connections = ConcurrentHashMap.newKeySet();
                first[0] = true;
            }
            connections.add(connection);
            return connections;
        });
        if (first[0]) {
            listeners.forEach(listener -> listener.firstConnected(user));
        }
    }

    void remove(String user, WebSocketConnection connection) {
        boolean[] last = {false};
        byUser.computeIfPresent(user, (u, set) -> {
            if (!set.remove(connection)) {
                return set;
            }
            last[0] = set.isEmpty();
            return set.isEmpty() ? null : set;
        });
        if (last[0]) {
            listeners.forEach(listener -> listener.lastDisconnected(user));
        }
    }

    public Set<WebSocketConnection> of(String user) {
        return byUser.getOrDefault(user, Set.of());
    }

    /** The users with an open connection on this instance. */
    public Set<String> users() {
        return byUser.keySet();
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
