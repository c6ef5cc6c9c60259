package dev.charter.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Work that one instance of the region does at a time: a PostgreSQL session advisory lock held on one pooled
 * connection while the work runs on others. A crashed instance's lock goes with its connection.
 */
@Singleton
public class AdvisoryLocks {

    private final Pool pool;

    AdvisoryLocks(Pool pool) {
        this.pool = pool;
    }

    /** Runs {@code work} holding lock {@code key}; empty when another instance holds it. */
    public <T> Uni<Optional<T>> whileHeld(long key, Supplier<Uni<T>> work) {
        return pool.withConnection(conn -> conn.preparedQuery("SELECT pg_try_advisory_lock($1)")
                .execute(Tuple.of(key))
                .flatMap(rows -> {
                    if (!rows.iterator().next().getBoolean(0)) {
                        return Uni.createFrom().item(Optional.<T>empty());
                    }
                    return work.get()
                            .map(Optional::of)
                            .eventually(() -> conn.preparedQuery("SELECT pg_advisory_unlock($1)")
                                    .execute(Tuple.of(key)));
                }));
    }
}
