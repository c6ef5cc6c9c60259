package dev.charter.attachment;

import java.util.UUID;

/**
 * Where sealed attachment chunks are kept. Chunks are written in order, once; a chunk is read back by its index.
 * The store sees only sealed bytes. Calls block: callers run on worker threads.
 */
public interface AttachmentStore {

    /** A file being written: chunks in order, then {@link #complete()}, or {@link #abort()} to leave nothing. */
    interface Upload {

        void append(byte[] sealedChunk);

        void complete();

        void abort();
    }

    Upload begin(UUID id);

    /** The sealed chunk {@code index}; its stored length is {@code length} bytes. */
    byte[] readChunk(UUID id, long index, int length);

    /** Removes the file; nothing happens when there is none. */
    void delete(UUID id);

    String describe();
}
