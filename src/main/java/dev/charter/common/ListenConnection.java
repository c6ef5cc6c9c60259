package dev.charter.common;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A connection that LISTENs on one channel and comes back by itself when it is lost. Unlike Vert.x's
 * {@code PgSubscriber}, which reconnects with the options it was created with, each attempt asks for fresh connect
 * options: after a password rotation (or with IAM tokens that lapse) the LISTEN connection still comes back.
 * Callbacks run on the connection's event loop.
 */
public final class ListenConnection {

    private static final Logger LOG = Logger.getLogger(ListenConnection.class);

    private final Vertx vertx;
    private final Supplier<Future<io.vertx.pgclient.PgConnectOptions>> options;
    private final String channel;
    private final Runnable onSubscribed;
    private final Consumer<String> onNotification;
    private final Function<Integer, Long> reconnectPolicy;
    private volatile Runnable onGaveUp = () -> {};
    private volatile PgConnection connection;
    private volatile boolean closed;

    ListenConnection(
            Vertx vertx,
            Supplier<Future<io.vertx.pgclient.PgConnectOptions>> options,
            String channel,
            Runnable onSubscribed,
            Consumer<String> onNotification,
            Function<Integer, Long> reconnectPolicy) {
        this.vertx = vertx;
        this.options = options;
        this.channel = channel;
        this.onSubscribed = onSubscribed;
        this.onNotification = onNotification;
        this.reconnectPolicy = reconnectPolicy;
    }

    /** Runs once the reconnect policy gives up (returns a negative delay); not on {@link #close()}. */
    public ListenConnection onGaveUp(Runnable handler) {
        this.onGaveUp = handler;
        return this;
    }

    /** The first connection and its LISTEN; completes when it listens, fails (and keeps retrying) when it cannot. */
    public Uni<Void> connect() {
        return Uni.createFrom()
                .completionStage(() -> attempt().toCompletionStage())
                .onFailure()
                .invoke(failure -> retry(0))
                .replaceWithVoid();
    }

    public Uni<Void> close() {
        closed = true;
        PgConnection current = connection;
        connection = null;
        return current == null
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(() -> current.close().toCompletionStage());
    }

    private Future<Void> attempt() {
        return options.get().compose(opts -> PgConnection.connect(vertx, opts)).compose(conn -> {
            conn.notificationHandler(notification -> {
                if (channel.equals(notification.getChannel())) {
                    onNotification.accept(notification.getPayload());
                }
            });
            return conn.query("LISTEN \"" + channel.replace("\"", "\"\"") + "\"")
                    .execute()
                    .onFailure(failure -> conn.close())
                    .map(rows -> {
                        if (closed) {
                            conn.close();
                            return null;
                        }
                        connection = conn;
                        conn.closeHandler(ignored -> lost(conn));
                        onSubscribed.run();
                        return null;
                    });
        });
    }

    private void lost(PgConnection conn) {
        if (connection == conn && !closed) {
            connection = null;
            retry(0);
        }
    }

    private void retry(int retries) {
        if (closed) {
            return;
        }
        long delay = reconnectPolicy.apply(retries);
        if (delay < 0) {
            closed = true;
            onGaveUp.run();
            return;
        }
        vertx.setTimer(
                Math.max(1, delay),
                timer -> attempt().onFailure(failure -> {
                    LOG.debugf(
                            "LISTEN %s: reconnect attempt %d failed: %s",
                            channel, retries + 1, failure.getClass().getName());
                    retry(retries + 1);
                }));
    }
}
