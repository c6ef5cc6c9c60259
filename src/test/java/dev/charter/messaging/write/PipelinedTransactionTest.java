package dev.charter.messaging.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.charter.common.DatabaseConnections;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the real PostgreSQL, through a pool of one connection, so a transaction left open or aborted would
 * break the next one on the same connection.
 */
@QuarkusTest
class PipelinedTransactionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool shared;

    @Inject
    DatabaseConnections databases;

    @Inject
    Vertx vertx;

    private Pool single;

    @BeforeEach
    void oneConnectionAndAFreshTable() {
        single = PgPool.pool(vertx, databases.connectOptions().await().indefinitely(), new PoolOptions().setMaxSize(1));
        shared.query("DROP TABLE IF EXISTS pipelined_tx_probe")
                .execute()
                .await()
                .atMost(WAIT);
        shared.query("CREATE TABLE pipelined_tx_probe (id int PRIMARY KEY)")
                .execute()
                .await()
                .atMost(WAIT);
    }

    @AfterEach
    void dropIt() {
        single.close().await().atMost(WAIT);
        shared.query("DROP TABLE IF EXISTS pipelined_tx_probe")
                .execute()
                .await()
                .atMost(WAIT);
    }

    @Test
    void firstAndLastStatementsCommitTogether() {
        run(tx -> tx.first(insert(tx, 1)).flatMap(ignored -> tx.last(insert(tx, 2))));

        assertEquals(List.of(1, 2), stored());
    }

    @Test
    void workWhoseLastStatementDidNotCarryTheCommitIsCommittedAfterIt() {
        run(tx -> tx.first(insert(tx, 1)));

        assertEquals(List.of(1), stored());
    }

    @Test
    void aFailingLastStatementRollsEverythingBackAndTheConnectionStaysUsable() {
        PgException failure = assertThrows(
                PgException.class, () -> run(tx -> tx.first(insert(tx, 1)).flatMap(ignored -> tx.last(insert(tx, 1)))));
        assertEquals("23505", failure.getSqlState());
        assertEquals(List.of(), stored());

        run(tx -> tx.first(insert(tx, 3)).flatMap(ignored -> tx.last(insert(tx, 4))));
        assertEquals(List.of(3, 4), stored());
    }

    @Test
    void aFailureBeforeTheCommitWasQueuedRollsBackAndTheConnectionStaysUsable() {
        assertThrows(
                PgException.class,
                () -> run(tx -> tx.first(insert(tx, 1))
                        .flatMap(
                                ignored -> tx.connection().query("SELECT 1 / 0").execute())
                        .flatMap(ignored -> tx.last(insert(tx, 2)))));
        assertEquals(List.of(), stored());

        run(tx -> tx.first(insert(tx, 5)));
        assertEquals(List.of(5), stored());
    }

    private <T> T run(java.util.function.Function<PipelinedTransaction, Uni<T>> work) {
        return single.withConnection(connection -> PipelinedTransaction.run(connection, work))
                .await()
                .atMost(WAIT);
    }

    private static Uni<Void> insert(PipelinedTransaction tx, int id) {
        return tx.connection()
                .preparedQuery("INSERT INTO pipelined_tx_probe (id) VALUES ($1)")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    private List<Integer> stored() {
        return StreamSupport.stream(
                        shared.query("SELECT id FROM pipelined_tx_probe ORDER BY id")
                                .execute()
                                .await()
                                .atMost(WAIT)
                                .spliterator(),
                        false)
                .map((Row row) -> row.getInteger(0))
                .toList();
    }
}
