package dev.charter.messaging.write;

import dev.charter.common.DatabaseConnections;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * A writer lane's own database connection and the event loop it lives on (one of Vert.x's, round robin over the
 * lanes). The lane's batches run on that loop from start to acks, so a batch's statements go out and their
 * answers come back on one thread. Through the shared pool each round trip was two hand-offs, to the pooled
 * connection's loop and back to the loop that started the batch, each waiting behind that loop's sockets: at
 * 10,000 sends/s a reservation PostgreSQL answers in well under a millisecond came back after 3 ms (p50).
 * A lost connection is dropped; the batch is retried on a new one.
 */
final class LaneConnection {

    static final String APPLICATION_NAME = "charter-writer";

    private final Vertx vertx;
    private final DatabaseConnections database;
    private final Context context;
    /** Volatile: a batch that continued off the loop (after a slow key lookup) may drop it. */
    private volatile SqlConnection connection;

    LaneConnection(Vertx vertx, DatabaseConnections database) {
        this.vertx = vertx;
        this.database = database;
        // A new event-loop context takes the next of Vert.x's loops.
        this.context = ((VertxInternal) vertx.getDelegate()).createEventLoopContext();
    }

    /** Runs {@code task} on the lane's event loop. */
    void run(Runnable task) {
        context.runOnContext(ignored -> task.run());
    }

    /** The open connection, or a new one; call on the lane's event loop. */
    Uni<SqlConnection> get() {
        if (connection != null) {
            return Uni.createFrom().item(connection);
        }
        // Named, so that an operator can tell the writers from the pool in pg_stat_activity.
        return database.connectOptions()
                .chain(options ->
                        PgConnection.connect(vertx, options.addProperty("application_name", APPLICATION_NAME)))
                .map(opened -> {
                    SqlConnection conn = opened;
                    conn.closeHandler(() -> context.runOnContext(ignored -> {
                        if (connection == conn) {
                            connection = null;
                        }
                    }));
                    connection = conn;
                    return conn;
                });
    }

    /** After a statement failed because the connection was lost, before its close handler ran: a new one next. */
    void drop() {
        connection = null;
    }

    /**
     * The connection closed or broke (reset, as when its backend was terminated), or its backend is going away
     * (57P01 terminated by an administrator, 57P02 crash).
     */
    static boolean lost(Throwable failure) {
        return failure instanceof ClosedConnectionException
                || failure instanceof java.io.IOException
                || (failure instanceof PgException pg
                        && pg.getSqlState() != null
                        && pg.getSqlState().startsWith("57P"));
    }

    /** Closes the connection (at shutdown). */
    void close() {
        SqlConnection open = connection;
        if (open != null) {
            // Waited for: Vert.x closes its loops after the beans are gone, and the close runs on one of them.
            open.close().onFailure().recoverWithNull().await().atMost(java.time.Duration.ofSeconds(2));
        }
    }
}
