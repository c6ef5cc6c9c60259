package dev.charter.messaging.write;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * A transaction whose BEGIN goes out with its first statement and whose COMMIT goes out right behind its last
 * one (the PostgreSQL client pipelines commands on a connection), so a group commit costs two round trips
 * instead of four. Each round trip is also an event-loop hand-off, which under load is where a batch waits.
 * <p>
 * Safe because PostgreSQL runs a connection's commands in order: a statement that fails aborts the
 * transaction, and the COMMIT already queued behind it ends it as a rollback; the statement's own failure is
 * what the caller sees. A failure before the COMMIT was queued sends a ROLLBACK, so the connection is left
 * outside any transaction for the next batch.
 */
final class PipelinedTransaction {

    private final SqlConnection connection;
    private volatile boolean commitQueued;

    private PipelinedTransaction(SqlConnection connection) {
        this.connection = connection;
    }

    /**
     * Runs {@code work} in a transaction on {@code connection}; committed after it when its last statement did not
     * carry the COMMIT.
     */
    static <T> Uni<T> run(SqlConnection connection, Function<PipelinedTransaction, Uni<T>> work) {
        PipelinedTransaction tx = new PipelinedTransaction(connection);
        return work.apply(tx)
                .call(() -> tx.commitQueued ? Uni.createFrom().voidItem() : tx.send("COMMIT"))
                .onFailure()
                .call(() -> tx.commitQueued
                        ? Uni.createFrom().voidItem()
                        : tx.send("ROLLBACK").onFailure().recoverWithNull());
    }

    SqlConnection connection() {
        return connection;
    }

    /** The transaction's first statement, with BEGIN queued just before it. */
    <T> Uni<T> first(Uni<T> statement) {
        return Uni.combine().all().unis(send("BEGIN"), statement).with((begun, result) -> result);
    }

    /** The transaction's last statement, with COMMIT queued right behind it; completes once both are answered. */
    <T> Uni<T> last(Uni<T> statement) {
        return Uni.combine()
                .all()
                .unis(statement, Uni.createFrom().deferred(() -> {
                    commitQueued = true;
                    return send("COMMIT");
                }))
                .with((result, committed) -> result);
    }

    private Uni<Void> send(String command) {
        return connection.query(command).execute().replaceWithVoid();
    }
}
