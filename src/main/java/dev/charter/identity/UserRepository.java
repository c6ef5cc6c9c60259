package dev.charter.identity;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

@ApplicationScoped
public class UserRepository {

    private final Pool pool;

    public UserRepository(Pool pool) {
        this.pool = pool;
    }

    /** Creates the user on first contact; keeps country and subdivision current from the token. */
    public Uni<String> upsert(CurrentUser user) {
        return pool.preparedQuery("""
                INSERT INTO app_user (id, country, subdivision) VALUES ($1, $2, $3)
                ON CONFLICT (id) DO UPDATE SET country = EXCLUDED.country, subdivision = EXCLUDED.subdivision
                WHERE app_user.country IS DISTINCT FROM EXCLUDED.country
                   OR app_user.subdivision IS DISTINCT FROM EXCLUDED.subdivision
                RETURNING status""")
                .execute(Tuple.of(user.id(), user.country(), user.subdivision()))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : "active");
    }

    /** The subset of {@code ids} that exist. */
    public Uni<Set<String>> existing(List<String> ids) {
        return pool.preparedQuery("SELECT id FROM app_user WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(row -> row.getString(0)).collect(Collectors.toSet()));
    }
}
