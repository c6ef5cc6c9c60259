package dev.charter.privacy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One sweeper at a time across every instance of the region: a PostgreSQL session advisory lock held on
 * one pooled connection while the sweep runs on others. A crashed instance's lock goes with its connection.
 */
@ApplicationScoped
class RetentionLock {

    /** Arbitrary, fixed: "charter retention" in the advisory lock key space. */
    private static final long KEY = 0x43_68_52_65_74_00_00_01L;

    private final Pool pool;

    RetentionLock(Pool pool) {
        this.pool = pool;
    }

    /** Runs {@code work} holding the lock; empty when another instance holds it. */
    <T> Uni<Optional<T>> whileHeld(Supplier<Uni<T>> work) {
        return pool.withConnection(conn -> conn.preparedQuery("SELECT pg_try_advisory_lock($1)")
                .execute(Tuple.of(KEY))
                .flatMap(rows -> {
                    if (!rows.iterator().next().getBoolean(0)) {
                        return Uni.createFrom().item(Optional.<T>empty());
                    }
                    return work.get().map(Optional::of)
                            .eventually(() -> conn.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(KEY)));
                }));
    }
}
