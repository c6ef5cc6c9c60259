package dev.charter.ledger;

import java.util.List;
import java.util.function.UnaryOperator;

/** Where the shred ledger's entries are kept: the log assigns positions, {@link LedgerCodec} the chain. */
interface LedgerLog {

    /** Appends {@code next.apply(last)} (last null when empty) right after the last entry; durable on return. */
    LedgerEntry append(UnaryOperator<LedgerEntry> next);

    /** Every entry, oldest first. */
    List<LedgerEntry> readAll();
}
