package dev.charter.crypto;

import dev.charter.ledger.LedgerEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** SQL of {@code shred_ledger}, the database copy of the external sink. */
@ApplicationScoped
class ShredLedgerRepository {

    private final Pool pool;

    ShredLedgerRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> record(SqlClient client, LedgerEntry entry, String receipt) {
        return client.preparedQuery("""
                INSERT INTO shred_ledger (position, at, scope, subject, before_epoch, key_ids, entry_hash, receipt)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (position) DO NOTHING""")
                .execute(Tuple.from(new Object[] {
                    entry.position(),
                    OffsetDateTime.parse(entry.at()),
                    entry.scope(),
                    entry.subject(),
                    entry.beforeEpoch(),
                    entry.keyIds().toArray(UUID[]::new),
                    entry.hash(),
                    receipt
                }))
                .replaceWithVoid();
    }

    /** The hashes of the entries this database holds: unlike positions, they name one entry of one ledger. */
    Uni<Set<String>> hashes(SqlClient client) {
        return client.query("SELECT entry_hash FROM shred_ledger").execute().map(rows -> {
            Set<String> hashes = new HashSet<>();
            rows.forEach(row -> hashes.add(row.getString(0)));
            return hashes;
        });
    }

    Uni<Set<Long>> positions(SqlClient client) {
        return client.query("SELECT position FROM shred_ledger").execute().map(rows -> {
            Set<Long> positions = new HashSet<>();
            rows.forEach(row -> positions.add(row.getLong(0)));
            return positions;
        });
    }

    /** The receipt of the latest shred of this scope and subject, if one was issued here. */
    Uni<java.util.Optional<String>> latestReceipt(String scope, String subject) {
        return pool.preparedQuery("SELECT receipt FROM shred_ledger WHERE scope = $1 AND subject = $2"
                        + " AND receipt IS NOT NULL ORDER BY position DESC LIMIT 1")
                .execute(Tuple.of(scope, subject))
                .map(rows -> rows.size() == 0
                        ? java.util.Optional.empty()
                        : java.util.Optional.of(rows.iterator().next().getString(0)));
    }

    Uni<String> receipt(SqlClient client, long position) {
        return client.preparedQuery("SELECT receipt FROM shred_ledger WHERE position = $1")
                .execute(Tuple.of(position))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }
}
