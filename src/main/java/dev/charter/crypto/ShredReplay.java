package dev.charter.crypto;

import dev.charter.common.Transactions;
import dev.charter.ledger.LedgerEntry;
import dev.charter.ledger.LedgerSink;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Re-applies the external shred ledger at start-up, before traffic: a database restored from a backup
 * taken before an erasure still holds the wrapped keys, and this destroys them again (and restores the
 * database copy of the ledger). Keys are matched by their opaque ids, which backups share with the live
 * database. A sink whose hash chain is broken stops the start: someone rewrote it.
 */
@ApplicationScoped
class ShredReplay {

    private static final Logger LOG = Logger.getLogger(ShredReplay.class);

    private final LedgerSink sink;
    private final Transactions transactions;
    private final DataKeyRepository keys;
    private final ShredLedgerRepository ledger;

    ShredReplay(LedgerSink sink, Transactions transactions, DataKeyRepository keys, ShredLedgerRepository ledger) {
        this.sink = sink;
        this.transactions = transactions;
        this.keys = keys;
        this.ledger = ledger;
    }

    void replay(@Observes @Priority(1) StartupEvent event) {
        List<LedgerEntry> entries = sink.readAll();
        if (!sink.verify(entries)) {
            throw new IllegalStateException("the shred ledger sink's hash chain is broken: refusing to start");
        }
        if (entries.isEmpty()) {
            return;
        }
        int destroyed = transactions
                .inTransaction(conn -> ledger.positions(conn).flatMap(known -> {
                    io.smallrye.mutiny.Uni<Integer> chain =
                            io.smallrye.mutiny.Uni.createFrom().item(0);
                    for (LedgerEntry entry : entries) {
                        String reason = CryptoShredder.USER.equals(entry.scope()) ? "erasure" : "retention";
                        chain = chain.flatMap(count -> keys.destroy(conn, entry.keyIds(), null, null, reason)
                                .call(ids -> known.contains(entry.position())
                                        ? io.smallrye.mutiny.Uni.createFrom().voidItem()
                                        : ledger.record(conn, entry, null))
                                .map(ids -> count + ids.size()));
                    }
                    return chain;
                }))
                .await()
                .atMost(Duration.ofMinutes(5));
        if (destroyed > 0) {
            LOG.warnf(
                    "re-applied the shred ledger: %d data keys restored from a backup were destroyed again", destroyed);
        }
        LOG.infof("shred ledger verified: %d entries", entries.size());
    }
}
