package dev.charter.privacy;

import dev.charter.identity.UserDataErasure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Set;

/**
 * The consent SQL that runs outside the consent feature's own transactions, on the Vert.x SQL client: the
 * lookup behind every processing decision (a WebSocket handshake, an analytics event after a send's ack on a
 * writer lane's event loop, neither a context a Hibernate Reactive session may run on), and the deletion of a
 * user's rows inside the identity feature's erasure transaction ({@link UserDataErasure}). Grants and
 * withdrawals themselves are written through {@link ConsentRepository}.
 */
@ApplicationScoped
public class ConsentGrantsRepository implements UserDataErasure {

    private final Pool pool;

    ConsentGrantsRepository(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Void> eraseUserData(SqlClient transaction, String userId) {
        return transaction
                .preparedQuery("DELETE FROM consent WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .replaceWithVoid();
    }

    /** The purposes whose latest record is a grant. */
    Uni<Set<String>> granted(String user) {
        return pool.preparedQuery("""
                SELECT purpose FROM (SELECT DISTINCT ON (purpose) purpose, status
                                       FROM consent WHERE user_id = $1 ORDER BY purpose, id DESC) latest
                 WHERE status = $2""")
                .execute(Tuple.of(user, ConsentStatus.GRANTED.value()))
                .map(rows -> {
                    Set<String> purposes = new HashSet<>();
                    rows.forEach(row -> purposes.add(row.getString(0)));
                    return Set.copyOf(purposes);
                });
    }
}
