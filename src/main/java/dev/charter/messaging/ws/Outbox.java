package dev.charter.messaging.ws;

import dev.charter.messaging.write.AckBatching;
import dev.charter.messaging.write.WriterBacklog;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every frame to a client goes through here. A write completes once the socket took it; frames the client
 * has not taken yet are held in memory, so a client that stops reading would make the server buffer
 * without bound. Past {@code charter.ws.max-outbound-frames} unwritten frames, or
 * {@code charter.ws.max-outbound-bytes} that its socket has not taken, the connection is closed with 1008 and
 * further frames are dropped: the client reconnects and catches up with {@code sync}.
 * Other members are never held up: writes do not wait for each other.
 */
@Singleton
public class Outbox implements AckBatching {

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
        /** The connection's event loop, or null when it was not opened on one. */
        final EventLoop eventLoop;
        /** Its Netty channel, which counts the bytes written to it and not yet sent; null when unknown. */
        final Channel channel;

        volatile boolean welcomed;

        Backlog(EventLoop eventLoop, Channel channel) {
            this.eventLoop = eventLoop;
            this.channel = channel;
        }

        @Override
        public void onSubscribe(UniSubscription subscription) {}

        @Override
        public void onItem(Void written) {
            pending.decrementAndGet();
        }

        @Override
        public void onFailure(Throwable failure) {
            pending.decrementAndGet();
        }
    }

    /** Frames sent on this thread inside {@link #together}, per connection, and what waits for them to leave. */
    private record Gathering(FrameBatch frames, List<Runnable> afterSent) {}

    private static final ThreadLocal<Gathering> GATHERING = new ThreadLocal<>();

    private final int maxPending;
    private final long maxPendingBytes;

    Outbox(WsConfig config) {
        this.maxPending = config.maxOutboundFrames();
        this.maxPendingBytes = config.maxOutboundBytes();
    }

    /** Called on the connection's event loop (its {@code @OnOpen}). */
    void open(WebSocketConnection connection) {
        ContextInternal context = (ContextInternal) Vertx.currentContext();
        connection
                .userData()
                .put(
                        BACKLOG,
                        new Backlog(
                                context == null ? null : context.nettyEventLoop(),
                                connection.userData().get(WriterBacklog.CHANNEL)));
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
        Gathering gathering = GATHERING.get();
        if (gathering != null) {
            gathering.frames().add(connection, frame);
            return;
        }
        Backlog backlog = connection.userData().get(BACKLOG);
        if (backlog == null || backlog.welcomed) {
            send(connection, frame, backlog);
        }
    }

    /**
     * Runs {@code work}; the frames it sends on this thread leave together when it is done, as {@link #send(Map)}
     * sends them (a group commit's acks: hundreds of frames to a few hundred sockets on a few event loops).
     */
    @Override
    public void together(Runnable work) {
        if (GATHERING.get() != null) {
            work.run();
            return;
        }
        Gathering gathering = new Gathering(new FrameBatch(), new ArrayList<>());
        GATHERING.set(gathering);
        try {
            work.run();
        } finally {
            GATHERING.remove();
            try {
                gathering.frames().sendWith(this);
            } finally {
                gathering.afterSent().forEach(Runnable::run);
            }
        }
    }

    /**
     * Runs {@code action} once the frames sent so far on this thread are on their way: now, or inside
     * {@link #together} once its frames are queued on their event loops (so that whatever the action lets happen
     * next, a shutdown closing the sockets for one, is queued behind them).
     */
    void afterSent(Runnable action) {
        Gathering gathering = GATHERING.get();
        if (gathering == null) {
            action.run();
        } else {
            gathering.afterSent().add(action);
        }
    }

    /**
     * Frames for many connections (one fan-out event's), written by one task per event loop: each connection's
     * frames leave in one socket write ({@link FlushCoalescing}) rather than one each, and an event wakes each
     * loop once rather than once per connection.
     */
    void send(Map<WebSocketConnection, List<String>> framesByConnection) {
        Map<EventLoop, List<Runnable>> writesByLoop = new IdentityHashMap<>();
        framesByConnection.forEach((connection, frames) -> {
            Backlog backlog = connection.userData().get(BACKLOG);
            if (backlog == null || backlog.eventLoop == null) {
                frames.forEach(frame -> send(connection, frame));
            } else if (backlog.welcomed) {
                writesByLoop
                        .computeIfAbsent(backlog.eventLoop, loop -> new ArrayList<>())
                        .add(() -> frames.forEach(frame -> send(connection, frame, backlog)));
            }
        });
        writesByLoop.forEach((loop, writes) -> loop.execute(() -> writes.forEach(Outbox::runQuietly)));
    }

    /** One connection failing to take its frames (it is closing) must not cost the others theirs. */
    private static void runQuietly(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException closing) {
            // the client catches up with sync when it reconnects
        }
    }

    private void send(WebSocketConnection connection, String frame, Backlog backlog) {
        if (!connection.isOpen()) {
            return;
        }
        if (backlog == null) {
            connection.sendText(frame).subscribe().with(ok -> {}, e -> {});
            return;
        }
        if (backlog.overflowed.get()) {
            return;
        }
        // A frame count alone would let a client that stopped reading hold up to that many of the largest
        // frames (history pages, long texts); the channel's count of unsent bytes bounds the memory itself.
        if (backlog.channel != null && backlog.channel.bytesBeforeWritable() > maxPendingBytes) {
            overflow(connection, backlog);
            return;
        }
        if (backlog.pending.incrementAndGet() > maxPending) {
            backlog.pending.decrementAndGet();
            overflow(connection, backlog);
            return;
        }
        connection.sendText(frame).subscribe().withSubscriber(backlog);
    }

    private static void overflow(WebSocketConnection connection, Backlog backlog) {
        if (backlog.overflowed.compareAndSet(false, true)) {
            connection.close(TOO_SLOW).subscribe().with(ok -> {}, e -> {});
        }
    }
}
