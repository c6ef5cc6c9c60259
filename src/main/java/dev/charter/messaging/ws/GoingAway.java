package dev.charter.messaging.ws;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Graceful shutdown (SIGTERM): new WebSocket handshakes are refused with 503, sends already admitted are
 * given time to commit and be acked, then every socket is closed with 1001 (going away) so clients
 * reconnect to another instance and resume with {@code sync}. An ack always means committed, so nothing
 * acked is lost; a send without an ack is resent by the client with the same clientMsgId.
 */
@Singleton
class GoingAway {

    private static final Logger LOG = Logger.getLogger(GoingAway.class);
    static final CloseReason GOING_AWAY = new CloseReason(1001, "server shutting down; reconnect");
    private static final long DRAIN_MILLIS = 10_000;
    private static final long CLOSE_MILLIS = 5_000;

    private final ConnectionRegistry connections;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;
    private final AtomicBoolean closed = new AtomicBoolean();

    GoingAway(ConnectionRegistry connections) {
        this.connections = connections;
    }

    boolean draining() {
        return draining;
    }

    void sendStarted() {
        inFlight.incrementAndGet();
    }

    void sendFinished() {
        inFlight.decrementAndGet();
    }

    /**
     * Quarkus's pre-shutdown phase ({@code quarkus.shutdown.delay-enabled=true}): before websockets-next
     * closes every socket with 1000 and before the HTTP server and the database pools stop.
     */
    void onShutdownStarted(@Observes ShutdownDelayInitiatedEvent event) {
        goAway();
    }

    /** Fallback when the pre-shutdown phase is not built in. */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        goAway();
    }

    private void goAway() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        draining = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            sleep(10);
        }
        if (inFlight.get() > 0) {
            LOG.warnf("shutting down with %d sends not yet acked; clients will resend them", inFlight.get());
        }
        List<WebSocketConnection> open = connections.all();
        LOG.infof("shutting down: closing %d WebSocket connections with 1001", open.size());
        CountDownLatch closed = new CountDownLatch(open.size());
        for (WebSocketConnection connection : open) {
            connection.close(GOING_AWAY).subscribe().with(ok -> closed.countDown(), e -> closed.countDown());
        }
        try {
            closed.await(CLOSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
