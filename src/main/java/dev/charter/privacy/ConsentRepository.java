package dev.charter.privacy;

import dev.charter.identity.UserDataErasure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Append-only consent history. */
@ApplicationScoped
public class ConsentRepository implements UserDataErasure {

    private final Pool pool;

    ConsentRepository(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Void> eraseUserData(SqlClient transaction, String userId) {
        return transaction
                .preparedQuery("DELETE FROM consent WHERE user_id = $1")
                .execute(Tuple.of(userId))
                .replaceWithVoid();
    }

    /** {@code announce} runs in the same transaction: the change is announced exactly when it commits. */
    Uni<ConsentRecord> append(
            String user,
            String purpose,
            boolean granted,
            String version,
            String locale,
            String source,
            Function<SqlClient, Uni<Void>> announce) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                INSERT INTO consent (user_id, purpose, status, policy_version, locale, source)
                VALUES ($1, $2, $3, $4, $5, $6) RETURNING purpose, status, policy_version, locale, at""")
                .execute(Tuple.of(user, purpose, granted ? "granted" : "withdrawn", version, locale, source))
                .call(() -> announce.apply(conn))
                .map(rows -> toRecord(rows.iterator().next())));
    }

    /** The latest record per purpose. */
    Uni<List<ConsentRecord>> latest(String user) {
        return pool.preparedQuery("""
                SELECT DISTINCT ON (purpose) purpose, status, policy_version, locale, at
                  FROM consent WHERE user_id = $1 ORDER BY purpose, id DESC""").execute(Tuple.of(user)).map(rows -> {
            List<ConsentRecord> list = new ArrayList<>();
            rows.forEach(row -> list.add(toRecord(row)));
            return list;
        });
    }

    /** Every grant and withdrawal, oldest first (for exports). */
    Uni<List<ConsentRecord>> history(String user) {
        return pool.preparedQuery("""
                SELECT purpose, status, policy_version, locale, at FROM consent WHERE user_id = $1 ORDER BY id""").execute(Tuple.of(user)).map(rows -> {
            List<ConsentRecord> list = new ArrayList<>();
            rows.forEach(row -> list.add(toRecord(row)));
            return list;
        });
    }

    private static ConsentRecord toRecord(Row row) {
        return new ConsentRecord(
                row.getString("purpose"),
                row.getString("status"),
                row.getString("policy_version"),
                row.getString("locale"),
                row.getOffsetDateTime("at").toInstant().toString());
    }
}
