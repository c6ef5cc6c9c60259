package dev.charter.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The shred ledger as one object per entry, {@code shred-ledger/<position, 20 digits>.json}, in an
 * {@link AppendOnlyStore}. Instances agree on positions without a lock: an append writes position + 1 only if
 * absent; losing the race means another instance took it, so this one reads that entry, chains onto it and
 * tries the next position. The chain cannot fork because a position is written once.
 */
final class ObjectLedger implements LedgerLog {

    static final String ENTRIES = "shred-ledger/";
    private static final int MAX_ATTEMPTS = 100;

    private final AppendOnlyStore store;
    private final LedgerCodec codec;
    private LedgerEntry head;

    ObjectLedger(AppendOnlyStore store, LedgerCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    static String key(long position) {
        return String.format("%s%020d.json", ENTRIES, position);
    }

    @Override
    public synchronized LedgerEntry append(UnaryOperator<LedgerEntry> next) {
        LedgerEntry last = newest(head);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            LedgerEntry entry = next.apply(last);
            String key = key(entry.position());
            if (store.putIfAbsent(key, codec.encode(entry).getBytes(StandardCharsets.UTF_8))) {
                head = entry;
                return entry;
            }
            last = newest(read(key));
        }
        throw new IllegalStateException(
                "cannot append to the shred ledger: " + MAX_ATTEMPTS + " positions taken in a row");
    }

    @Override
    public synchronized List<LedgerEntry> readAll() {
        List<LedgerEntry> entries = new ArrayList<>();
        for (String key : store.list(ENTRIES)) {
            entries.add(read(key));
        }
        if (!entries.isEmpty()) {
            head = entries.get(entries.size() - 1);
        }
        return entries;
    }

    /** The last entry in the store, {@code known} unless something was written after it. */
    private LedgerEntry newest(LedgerEntry known) {
        List<String> after = store.list(ENTRIES, known == null ? null : key(known.position()));
        return after.isEmpty() ? known : read(after.get(after.size() - 1));
    }

    private LedgerEntry read(String key) {
        byte[] bytes =
                store.get(key).orElseThrow(() -> new IllegalStateException("shred ledger object vanished: " + key));
        try {
            LedgerEntry entry = codec.decode(new String(bytes, StandardCharsets.UTF_8));
            if (!key(entry.position()).equals(key)) {
                throw new IllegalStateException("shred ledger object " + key + " holds position " + entry.position());
            }
            return entry;
        } catch (IOException e) {
            throw new IllegalStateException("shred ledger object " + key + " is not an entry", e);
        }
    }
}
