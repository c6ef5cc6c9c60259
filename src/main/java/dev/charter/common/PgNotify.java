package dev.charter.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

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
}
