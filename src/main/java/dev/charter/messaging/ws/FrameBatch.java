package dev.charter.messaging.ws;

import io.quarkus.websockets.next.WebSocketConnection;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Frames gathered per connection, in the order added, then handed to the {@link Outbox} together. */
public final class FrameBatch {

    private final Map<WebSocketConnection, List<String>> frames = new IdentityHashMap<>();

    public void add(WebSocketConnection connection, String frame) {
        frames.computeIfAbsent(connection, ignored -> new ArrayList<>(4)).add(frame);
    }

    public void sendWith(Outbox outbox) {
        outbox.send(frames);
    }
}
