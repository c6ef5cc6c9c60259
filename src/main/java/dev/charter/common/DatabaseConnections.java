package dev.charter.common;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Creates the reactive datasource's pool as Quarkus would, and keeps the connect options Quarkus built for it
 * (URL, credentials, TLS mode, trusted certificates, host name verification, timeouts) for the connections
 * that cannot come from a pool: the LISTEN connections of live delivery, cache and key invalidation. Built by
 * hand from the URL alone they would skip TLS, and a database that insists on it (RDS with
 * {@code rds.force_ssl}) would refuse them. (Quarkus' own creation would also take credentials from a
 * {@code quarkus.datasource.credentials-provider}; Charter does not use one.)
 */
@Singleton
public class DatabaseConnections implements PgPoolCreator {

    private final Vertx vertx;
    /** Looked up when needed: the pool is created through this bean, so it cannot be injected into it. */
    private final Instance<Pool> pool;

    private volatile List<PgConnectOptions> options;

    DatabaseConnections(Vertx vertx, Instance<Pool> pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    @Override
    @SuppressWarnings("deprecation") // Quarkus casts what a creator returns to PgPool
    public Pool create(Input input) {
        options = List.copyOf(input.pgConnectOptionsList());
        return PgPool.pool(input.vertx(), options, input.poolOptions());
    }

    /** A subscriber (LISTEN connection) with the datasource's own connect options. */
    public PgSubscriber subscriber() {
        return PgSubscriber.subscriber(vertx, connectOptions());
    }

    /** A copy of the options the datasource's pool connects with. */
    public PgConnectOptions connectOptions() {
        if (options == null) {
            pool.get().size(); // the pool is created on first use; that is when Quarkus hands us its options
        }
        return new PgConnectOptions(options.get(0));
    }
}
