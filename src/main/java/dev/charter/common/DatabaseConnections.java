package dev.charter.common;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Creates the reactive datasource's pool, and keeps the connect options Quarkus built for it (URL, TLS mode, trusted
 * certificates, host name verification, timeouts) for the connections that cannot come from a pool: the writer
 * lanes and the LISTEN connections of live delivery, cache and key invalidation. Built by hand from the URL alone
 * they would skip TLS, and a database that insists on it (RDS with {@code rds.force_ssl}) would refuse them.
 * Every new connection, pooled or not, takes its credentials from {@link DatabaseCredentials} when it opens.
 */
@Singleton
public class DatabaseConnections implements PgPoolCreator {

    private final Vertx vertx;
    private final DatabaseCredentials credentials;
    /** Looked up when needed: the pool is created through this bean, so it cannot be injected into it. */
    private final Instance<Pool> pool;

    private volatile PgConnectOptions options;

    DatabaseConnections(Vertx vertx, DatabaseCredentials credentials, Instance<Pool> pool) {
        this.vertx = vertx;
        this.credentials = credentials;
        this.pool = pool;
    }

    @Override
    @SuppressWarnings("deprecation") // Quarkus casts what a creator returns to PgPool
    public Pool create(Input input) {
        options = new PgConnectOptions(input.pgConnectOptionsList().get(0));
        return PgPool.pool(input.vertx(), this::freshOptions, input.poolOptions());
    }

    /** Options for a connection opened now: the datasource's, with the current credentials. */
    public Uni<PgConnectOptions> connectOptions() {
        return Uni.createFrom().completionStage(() -> freshOptions().toCompletionStage());
    }

    /**
     * A connection that LISTENs on {@code channel}, reconnecting after {@code reconnectPolicy(retries)} ms (negative:
     * give up); {@code onSubscribed} runs after every (re)subscription.
     */
    public ListenConnection listen(
            String channel,
            Runnable onSubscribed,
            Consumer<String> onNotification,
            Function<Integer, Long> reconnectPolicy) {
        return new ListenConnection(
                vertx.getDelegate(), this::freshOptions, channel, onSubscribed, onNotification, reconnectPolicy);
    }

    private Future<PgConnectOptions> freshOptions() {
        if (options == null) {
            pool.get().size(); // the pool is created on first use; that is when Quarkus hands us its options
        }
        PgConnectOptions copy = new PgConnectOptions(options);
        if (!credentials.dynamic()) {
            return Future.succeededFuture(credentials.apply(copy));
        }
        // Reading a file or signing a token (which may first fetch the task's AWS credentials) blocks.
        return vertx.getDelegate().executeBlocking(() -> credentials.apply(copy), false);
    }
}
