package dev.charter.federation;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;

/** SQL of {@code federation_nonce}: one row per accepted request, shared by every instance of the region. */
@ApplicationScoped
class FederationNonceRepository implements NonceStore {

    private final Pool pool;

    FederationNonceRepository(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Boolean> claim(String region, String nonce, Instant seenAt) {
        return pool.preparedQuery("""
                INSERT INTO federation_nonce (region, nonce, seen_at) VALUES ($1, $2, $3)
                ON CONFLICT (region, nonce) DO NOTHING""")
                .execute(Tuple.of(region, nonce, seenAt.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Uni<Void> prune(Instant cutoff) {
        return pool.preparedQuery("DELETE FROM federation_nonce WHERE seen_at < $1")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
