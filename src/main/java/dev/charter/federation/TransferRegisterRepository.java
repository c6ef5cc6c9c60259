package dev.charter.federation;

import dev.charter.identity.UserDataErasure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL of the transfer register: routes with their totals, and each user's own routes. */
@ApplicationScoped
public class TransferRegisterRepository implements UserDataErasure {

    private final Pool pool;

    TransferRegisterRepository(Pool pool) {
        this.pool = pool;
    }

    /** One user's data sent once on a route: {@code messages} of them (0: only their id, as a member). */
    public record Use(
            String user, String fromJurisdiction, String toRegion, String mechanism, String source, long messages) {}

    public record Route(
            String fromJurisdiction,
            String toRegion,
            String mechanism,
            String source,
            long users,
            long messages,
            Instant firstAt,
            Instant lastAt) {}

    /** Records the uses (one per user and route); returns the routes used for the first time. */
    public Uni<List<Route>> record(SqlConnection conn, List<Use> uses) {
        return conn.preparedQuery("""
                INSERT INTO transfer_subject (user_id, to_region, mechanism, from_jurisdiction, source, messages)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[])
                ON CONFLICT (user_id, to_region, mechanism) DO UPDATE
                   SET messages = transfer_subject.messages + EXCLUDED.messages, last_at = now()
                RETURNING from_jurisdiction, to_region, mechanism, source, (xmax = 0) AS new_user, messages""")
                .execute(Tuple.of(
                        uses.stream().map(Use::user).toArray(String[]::new),
                        uses.stream().map(Use::toRegion).toArray(String[]::new),
                        uses.stream().map(Use::mechanism).toArray(String[]::new),
                        uses.stream().map(Use::fromJurisdiction).toArray(String[]::new),
                        uses.stream().map(Use::source).toArray(String[]::new),
                        uses.stream().map(Use::messages).toArray(Long[]::new)))
                .flatMap(ignored -> conn.preparedQuery("""
                        INSERT INTO transfer_route (from_jurisdiction, to_region, mechanism, source, users, messages)
                        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[])
                        ON CONFLICT (from_jurisdiction, to_region, mechanism) DO UPDATE
                           SET users = transfer_route.users + EXCLUDED.users,
                               messages = transfer_route.messages + EXCLUDED.messages, last_at = now()
                        RETURNING from_jurisdiction, to_region, mechanism, source, users, messages, first_at, last_at,
                                  (xmax = 0) AS first_use""").execute(routeTuple(uses, ignored)))
                .map(rows -> {
                    List<Route> first = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getBoolean("first_use")) {
                            first.add(route(row));
                        }
                    }
                    return first;
                });
    }

    private record RouteKey(String from, String to, String mechanism) {}

    /** Per route: its source, the users new to it (from the subjects' upsert) and the messages sent. */
    private static Tuple routeTuple(List<Use> uses, io.vertx.mutiny.sqlclient.RowSet<Row> subjects) {
        java.util.Map<RouteKey, String> sources = new java.util.LinkedHashMap<>();
        java.util.Map<RouteKey, Long> messages = new java.util.HashMap<>();
        java.util.Map<RouteKey, Long> newUsers = new java.util.HashMap<>();
        for (Use use : uses) {
            RouteKey key = new RouteKey(use.fromJurisdiction(), use.toRegion(), use.mechanism());
            sources.putIfAbsent(key, use.source());
            messages.merge(key, use.messages(), Long::sum);
        }
        for (Row row : subjects) {
            if (row.getBoolean("new_user")) {
                newUsers.merge(
                        new RouteKey(
                                row.getString("from_jurisdiction"),
                                row.getString("to_region"),
                                row.getString("mechanism")),
                        1L,
                        Long::sum);
            }
        }
        List<RouteKey> keys = new ArrayList<>(sources.keySet());
        return Tuple.of(
                keys.stream().map(RouteKey::from).toArray(String[]::new),
                keys.stream().map(RouteKey::to).toArray(String[]::new),
                keys.stream().map(RouteKey::mechanism).toArray(String[]::new),
                keys.stream().map(sources::get).toArray(String[]::new),
                keys.stream().map(k -> newUsers.getOrDefault(k, 0L)).toArray(Long[]::new),
                keys.stream().map(messages::get).toArray(Long[]::new));
    }

    public Uni<List<Route>> routes() {
        return pool.query("""
                SELECT from_jurisdiction, to_region, mechanism, source, users, messages, first_at, last_at
                  FROM transfer_route ORDER BY from_jurisdiction, to_region, mechanism""").execute().map(rows -> {
            List<Route> routes = new ArrayList<>();
            rows.forEach(row -> routes.add(route(row)));
            return routes;
        });
    }

    /** A user's own routes, for their export. */
    public Uni<List<Route>> routesOf(String user) {
        return pool.preparedQuery("""
                SELECT from_jurisdiction, to_region, mechanism, source, 1 AS users, messages, first_at, last_at
                  FROM transfer_subject WHERE user_id = $1 ORDER BY to_region, mechanism""").execute(Tuple.of(user)).map(rows -> {
            List<Route> routes = new ArrayList<>();
            rows.forEach(row -> routes.add(route(row)));
            return routes;
        });
    }

    @Override
    public Uni<Void> eraseUserData(SqlClient transaction, String userId) {
        return transaction
                .preparedQuery("DELETE FROM transfer_subject WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .replaceWithVoid();
    }

    private static Route route(Row row) {
        return new Route(
                row.getString("from_jurisdiction"),
                row.getString("to_region"),
                row.getString("mechanism"),
                row.getString("source"),
                row.getLong("users"),
                row.getLong("messages"),
                row.getOffsetDateTime("first_at").toInstant(),
                row.getOffsetDateTime("last_at").toInstant());
    }
}
