package dev.charter.messaging.ws;

import dev.charter.common.ErrorCodes;
import dev.charter.identity.CurrentUser;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * A socket lives no longer than the token it was opened with: it gets an {@code unauthorized} error frame and
 * a close with 1008, and the client reconnects with a fresh token. {@code ChatSocket} checks on every frame it
 * receives; for sockets that only listen, a sweep over the open sockets every
 * {@code charter.ws.token-expiry-sweep} does the same (one timer for all, rather than one per socket: idle
 * sockets are counted in bytes).
 */
@Singleton
class ExpiredTokens {

    static final CloseReason TOKEN_EXPIRED = new CloseReason(1008, "token expired");

    private final ConnectionRegistry connections;
    private final Outbox outbox;
    private final FrameWriter frameWriter;
    private final Clock clock;
    private final Vertx vertx;
    private final WsConfig config;
    private long timer = -1;

    ExpiredTokens(
            ConnectionRegistry connections,
            Outbox outbox,
            FrameWriter frameWriter,
            Clock clock,
            Vertx vertx,
            WsConfig config) {
        this.connections = connections;
        this.outbox = outbox;
        this.frameWriter = frameWriter;
        this.clock = clock;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.tokenExpirySweep().toMillis(), id -> sweep());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Whether the user's token has expired; if so the connection is told and closed. */
    boolean closedIfExpired(WebSocketConnection connection, CurrentUser user) {
        if (!user.tokenExpired(clock.instant().getEpochSecond())) {
            return false;
        }
        outbox.send(
                connection,
                frameWriter.write(new Frames.Error(null, ErrorCodes.UNAUTHORIZED, "Your token has expired.")));
        connection.close(TOKEN_EXPIRED).subscribe().with(ok -> {}, e -> {});
        return true;
    }

    void sweep() {
        for (WebSocketConnection connection : connections.all()) {
            CurrentUser user = connection.userData().get(HandshakeGate.USER);
            if (user != null && connection.isOpen()) {
                closedIfExpired(connection, user);
            }
        }
    }
}
