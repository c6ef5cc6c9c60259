package dev.charter.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Sends one PostgreSQL NOTIFY. Through a transaction's connection it is delivered only if that transaction
 * commits, which is how every announcement to other instances is tied to the change it announces.
 */
public final class PgNotify {

    private PgNotify() {}

    public static Uni<Void> send(SqlClient client, String channel, String payload) {
        return client.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(channel, payload))
                .replaceWithVoid();
    }

    /**
     * The same NOTIFY through a Hibernate Reactive session (features mapped with Panache), in its transaction:
     * delivered only if that transaction commits.
     */
    public static Uni<Void> send(Mutiny.Session session, String channel, String payload) {
        return session.createNativeQuery("SELECT 1 FROM pg_notify(CAST(?1 AS text), CAST(?2 AS text))", Integer.class)
                .setParameter(1, channel)
                .setParameter(2, payload)
                .getSingleResult()
                .replaceWithVoid();
    }
}
