package dev.charter.crypto;

import dev.charter.common.Transactions;
import dev.charter.identity.UserService;
import dev.charter.ledger.LedgerEntry;
import dev.charter.ledger.LedgerSink;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Re-applies the external shred ledger at start-up, before traffic: a database restored from a backup
 * taken before an erasure still holds the wrapped keys, and this destroys them again (and restores the
 * database copy of the ledger). Keys are matched by their opaque ids, which backups share with the live
 * database. Accounts the ledger records as erased ({@code account} entries the database lacks) are erased again, so
 * their tokens get {@code 403 erased} as before the restore. A sink whose hash chain is broken stops the start:
 * someone rewrote it.
 */
@ApplicationScoped
class ShredReplay {

    private static final Logger LOG = Logger.getLogger(ShredReplay.class);

    private final LedgerSink sink;
    private final Transactions transactions;
    private final DataKeyRepository keys;
    private final ShredLedgerRepository ledger;
    private final UserService users;

    ShredReplay(
            LedgerSink sink,
            Transactions transactions,
            DataKeyRepository keys,
            ShredLedgerRepository ledger,
            UserService users) {
        this.sink = sink;
        this.transactions = transactions;
        this.keys = keys;
        this.ledger = ledger;
        this.users = users;
    }

    void replay(@Observes @Priority(1) StartupEvent event) {
        List<LedgerEntry> entries = sink.readAll();
        if (!sink.verify(entries)) {
            throw new IllegalStateException("the shred ledger sink's hash chain is broken: refusing to start");
        }
        if (entries.isEmpty()) {
            return;
        }
        List<String> accountsToErase = new ArrayList<>();
        int destroyed = transactions
                .inTransaction(conn -> ledger.positions(conn)
                        .flatMap(known -> ledger.hashes(conn).flatMap(held -> {
                            Uni<Integer> chain = Uni.createFrom().item(0);
                            for (LedgerEntry entry : entries) {
                                boolean missing = !known.contains(entry.position());
                                // By hash: an account re-enabled after its erasure holds the entry and stays enabled.
                                if (CryptoShredder.ACCOUNT.equals(entry.scope()) && !held.contains(entry.hash())) {
                                    accountsToErase.add(entry.subject());
                                }
                                String reason = CryptoShredder.RETENTION.equals(entry.scope())
                                                || CryptoShredder.BEFORE_EPOCH.equals(entry.scope())
                                        ? "retention"
                                        : "erasure";
                                chain = chain.flatMap(count -> keys.destroy(conn, entry.keyIds(), null, null, reason)
                                        .call(ids -> missing
                                                ? ledger.record(conn, entry, null)
                                                : Uni.createFrom().voidItem())
                                        .map(ids -> count + ids.size()));
                            }
                            return chain;
                        })))
                .await()
                .atMost(Duration.ofMinutes(5));
        if (destroyed > 0) {
            LOG.warnf(
                    "re-applied the shred ledger: %d data keys restored from a backup were destroyed again", destroyed);
        }
        // Accounts erased after the backup was taken come back with it: erase them again before serving.
        if (!accountsToErase.isEmpty()) {
            int erased = users.eraseAgain(accountsToErase).await().atMost(Duration.ofMinutes(5));
            if (erased > 0) {
                LOG.warnf("re-applied the shred ledger: %d accounts restored from a backup were erased again", erased);
            }
        }
        LOG.infof("shred ledger verified: %d entries", entries.size());
    }
}
