package dev.charter.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.function.Function;

/**
 * Where a service draws a transaction's boundary: the work gets one connection of the pool and commits
 * when its {@link Uni} succeeds, rolls back when it fails. The SQL inside stays in repositories, which take
 * the connection as a parameter.
 */
@Singleton
public class Transactions {

    private final Pool pool;

    Transactions(Pool pool) {
        this.pool = pool;
    }

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }
}
