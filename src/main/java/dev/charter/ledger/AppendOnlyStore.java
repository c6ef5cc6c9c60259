package dev.charter.ledger;

import java.util.List;
import java.util.Optional;

/**
 * The external append-only sink's storage: objects written once under a key and never replaced or deleted
 * by Charter. A local directory ({@link DirectoryStore}) or an S3 bucket with Object Lock ({@link S3Store}),
 * chosen by {@link LedgerConfig}. Keys are relative ({@code shred-ledger/...}, {@code audit/...}); the store
 * adds its own root or prefix. Blocking I/O: call from a worker thread.
 */
public interface AppendOnlyStore {

    /**
     * Writes {@code bytes} under {@code key} if nothing is there yet, durably when it returns; false when the
     * key exists (the existing object is left as it is, whatever its content).
     */
    boolean putIfAbsent(String key, byte[] bytes);

    Optional<byte[]> get(String key);

    /** Keys that start with {@code prefix} and sort after {@code startAfter} (null: all), in ascending order. */
    List<String> list(String prefix, String startAfter);

    default List<String> list(String prefix) {
        return list(prefix, null);
    }

    /** Where the store is, for messages (no credentials). */
    String describe();
}
