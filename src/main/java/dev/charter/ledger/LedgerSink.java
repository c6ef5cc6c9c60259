package dev.charter.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The external append-only sink of the shred ledger, outside the database and its backups: in
 * {@code charter.ledger.dir} a JSON-lines file ({@link FileLedger}), in an S3 bucket with Object Lock one object
 * per entry ({@link ObjectLedger}). Entries are hash-chained and durable before the keys are destroyed: an entry
 * in the sink is a promise that is kept on every start-up. Signed receipts are kept next to the ledger.
 * Blocking I/O: call from a worker thread.
 */
@ApplicationScoped
public class LedgerSink {

    public static final String FILE = "shred-ledger.jsonl";
    static final String RECEIPTS = "receipts/";

    private final AppendOnlyStore store;
    private final LedgerCodec codec;
    private final LedgerLog log;

    @Inject
    public LedgerSink(AppendOnlyStore store, ObjectMapper json) {
        this.store = store;
        this.codec = new LedgerCodec(json);
        this.log = store instanceof DirectoryStore dir
                ? new FileLedger(dir.root().resolve(FILE), codec)
                : new ObjectLedger(store, codec);
    }

    /** Appends an entry and returns it with its position and hash; durable when this returns. */
    public LedgerEntry append(String at, String scope, String subject, Integer beforeEpoch, List<UUID> keyIds) {
        return log.append(last -> codec.next(last, at, scope, subject, beforeEpoch, keyIds));
    }

    /** Every entry, oldest first. */
    public List<LedgerEntry> readAll() {
        return log.readAll();
    }

    /** True when every entry's hash matches its content and its predecessor. */
    public boolean verify(List<LedgerEntry> entries) {
        return codec.verify(entries);
    }

    /** Keeps the signed receipt of the entry at {@code position} in the sink ({@code receipts/<position>.json}). */
    public void keepReceipt(long position, String receipt) {
        store.putIfAbsent(receiptKey(position), receipt.getBytes(StandardCharsets.UTF_8));
    }

    static String receiptKey(long position) {
        return String.format("%s%020d.json", RECEIPTS, position);
    }
}
