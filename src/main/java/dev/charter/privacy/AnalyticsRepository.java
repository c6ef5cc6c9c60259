package dev.charter.privacy;

import dev.charter.identity.UserDataErasure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

/** SQL of {@code analytics_event}: usage events of users who consented to analytics. */
@Singleton
class AnalyticsRepository implements UserDataErasure {

    private final Pool pool;

    AnalyticsRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> recordMessageSent(String user) {
        return pool.preparedQuery("INSERT INTO analytics_event (user_id, kind) VALUES ($1, 'message_sent')")
                .execute(Tuple.of(user))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> eraseUserData(SqlClient transaction, String userId) {
        return transaction
                .preparedQuery("DELETE FROM analytics_event WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .replaceWithVoid();
    }
}
