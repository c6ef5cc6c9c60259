package dev.charter.messaging;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every frame to a client goes through here. A write completes once the socket took it; frames the client
 * has not taken yet are held in memory, so a client that stops reading would make the server buffer
 * without bound. Past {@code charter.ws.max-outbound-frames} unwritten frames the connection is closed
 * with 1008 and further frames are dropped: the client reconnects and catches up with {@code sync}.
 * Other members are never held up: writes do not wait for each other.
 */
@Singleton
class Outbox {

    static final CloseReason TOO_SLOW = new CloseReason(1008, "not reading fast enough; reconnect and sync");
    private static final UserData.TypedKey<Backlog> BACKLOG = new UserData.TypedKey<>("charter.backlog");

    /**
     * Unwritten frames of one connection; {@code overflowed} once it was closed for falling behind. It hears
     * of each finished write itself: a subscriber object, unlike callbacks, is not wrapped to capture and
     * restore the thread context on every frame.
     */
    private static final class Backlog implements UniSubscriber<Void> {
        final AtomicInteger pending = new AtomicInteger();
        final AtomicBoolean overflowed = new AtomicBoolean();
        /** The connection's event loop (its callbacks' context), or null outside one. */
        final Context context;
        volatile boolean welcomed;

        Backlog(Context context) {
            this.context = context;
        }

        @Override
        public void onSubscribe(UniSubscription subscription) {
        }

        @Override
        public void onItem(Void written) {
            pending.decrementAndGet();
        }

        @Override
        public void onFailure(Throwable failure) {
            pending.decrementAndGet();
        }
    }

    private final int maxPending;

    Outbox(WsConfig config) {
        this.maxPending = config.maxOutboundFrames();
    }

    /** Called on the connection's event loop (its {@code @OnOpen}). */
    void open(WebSocketConnection connection) {
        connection.userData().put(BACKLOG, new Backlog(Vertx.currentContext()));
    }

    /**
     * The connection's first frame. Frames sent to it before this one are dropped: a connection is registered
     * for deliveries (and counted against its user's limit) before its welcome is written, and the client's
     * {@code sync} after the welcome brings what it did not hear.
     */
    void welcome(WebSocketConnection connection, String frame) {
        Backlog backlog = connection.userData().get(BACKLOG);
        send(connection, frame, backlog);
        backlog.welcomed = true;
    }

    void send(WebSocketConnection connection, String frame) {
        Backlog backlog = connection.userData().get(BACKLOG);
        if (backlog == null || backlog.welcomed) {
            send(connection, frame, backlog);
        }
    }

    /**
     * Frames for one connection, written by one task on its event loop: they leave in one socket write
     * ({@link FlushCoalescing}) rather than one each, as a busy group's deliveries would.
     */
    void send(WebSocketConnection connection, List<String> frames) {
        Backlog backlog = connection.userData().get(BACKLOG);
        if (backlog == null || backlog.context == null) {
            frames.forEach(frame -> send(connection, frame));
        } else if (backlog.welcomed) {
            backlog.context.runOnContext(ignored -> frames.forEach(frame -> send(connection, frame, backlog)));
        }
    }

    private void send(WebSocketConnection connection, String frame, Backlog backlog) {
        if (!connection.isOpen()) {
            return;
        }
        if (backlog == null) {
            connection.sendText(frame).subscribe().with(ok -> { }, e -> { });
            return;
        }
        if (backlog.overflowed.get()) {
            return;
        }
        if (backlog.pending.incrementAndGet() > maxPending) {
            backlog.pending.decrementAndGet();
            if (backlog.overflowed.compareAndSet(false, true)) {
                connection.close(TOO_SLOW).subscribe().with(ok -> { }, e -> { });
            }
            return;
        }
        connection.sendText(frame).subscribe().withSubscriber(backlog);
    }
}
