package dev.charter.messaging.ws;

/**
 * A feature that follows whether a user has an open WebSocket on this instance (push: presence). Called on the
 * connection's event loop when a user's first connection here opens and when their last one closes, so it must
 * not block.
 */
public interface ConnectionListener {

    void firstConnected(String user);

    void lastDisconnected(String user);
}
