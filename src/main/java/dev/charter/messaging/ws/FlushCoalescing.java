package dev.charter.messaging.ws;

import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * One socket write for the frames a socket gets in one go. Vert.x flushes every frame written outside a read
 * of that socket (deliveries and acks are), and each flush is a system call through the TCP stack, on loopback
 * the receiver's side too: in a busy group that was one {@code write} per delivery. Netty's consolidation handler
 * turns the flushes made while a task runs on the socket's event loop into one flush after it.
 */
final class FlushCoalescing {

    private static final String NAME = "charter-flush-consolidation";

    private FlushCoalescing() {}

    /**
     * Called for an admitted upgrade request: the WebSocket keeps the request's channel. Returns that channel
     * (null when the request is not on a Netty connection).
     */
    static Channel install(HttpServerRequest upgrade) {
        if (!(upgrade.connection() instanceof ConnectionBase connection)) {
            return null;
        }
        if (connection.channel().pipeline().get(NAME) == null) {
            connection
                    .channel()
                    .pipeline()
                    .addFirst(
                            NAME,
                            new FlushConsolidationHandler(
                                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        }
        return connection.channel();
    }
}
