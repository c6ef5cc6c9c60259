package dev.charter.attachment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The layout of a sealed file. The plaintext is cut into {@link #CHUNK_BYTES} chunks (a file of 0 bytes has one
 * empty chunk); each is sealed on its own with AES-256-GCM under the uploader's month key and a fresh nonce, and
 * stored as {@code nonce(12) || format(1) || ciphertext || tag(16)}, one after the other. The additional data
 * binds a chunk to its file, its index and whether it is the last one, so chunks cannot be moved to another file,
 * reordered, dropped from the end or repeated. Every chunk but the last has the same stored length, so the chunk
 * holding any byte of the plaintext is found by arithmetic and a range read opens only the chunks it needs.
 */
final class ChunkFormat {

    static final int CHUNK_BYTES = 64 * 1024;
    static final int NONCE_BYTES = 12;
    /** Format byte and GCM tag around each chunk's ciphertext. */
    static final int OVERHEAD = NONCE_BYTES + 1 + 16;

    private static final byte[] CHUNK_LABEL = "charter/attachment-chunk/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DIGEST_LABEL = "charter/attachment-digest/v1".getBytes(StandardCharsets.US_ASCII);

    private ChunkFormat() {}

    static long chunkCount(long size) {
        return size == 0 ? 1 : (size + CHUNK_BYTES - 1) / CHUNK_BYTES;
    }

    static int plainLength(long size, long index) {
        long start = index * CHUNK_BYTES;
        return (int) Math.min(CHUNK_BYTES, size - start);
    }

    static int storedLength(long size, long index) {
        return plainLength(size, index) + OVERHEAD;
    }

    static byte[] chunkAad(UUID attachment, long index, boolean last) {
        return ByteBuffer.allocate(CHUNK_LABEL.length + 16 + 8 + 1)
                .put(CHUNK_LABEL)
                .putLong(attachment.getMostSignificantBits())
                .putLong(attachment.getLeastSignificantBits())
                .putLong(index)
                .put((byte) (last ? 1 : 0))
                .array();
    }

    static byte[] digestAad(UUID attachment) {
        return ByteBuffer.allocate(DIGEST_LABEL.length + 16)
                .put(DIGEST_LABEL)
                .putLong(attachment.getMostSignificantBits())
                .putLong(attachment.getLeastSignificantBits())
                .array();
    }

    static byte[] join(byte[] nonce, byte[] envelope) {
        byte[] stored = new byte[nonce.length + envelope.length];
        System.arraycopy(nonce, 0, stored, 0, nonce.length);
        System.arraycopy(envelope, 0, stored, nonce.length, envelope.length);
        return stored;
    }
}
