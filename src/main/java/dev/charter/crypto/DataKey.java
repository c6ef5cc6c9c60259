package dev.charter.crypto;

import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import javax.crypto.SecretKey;

/**
 * An unwrapped data-encryption key, or the tombstone of a destroyed one. The bytes are zeroed when the
 * cache evicts the key; a use racing with the eviction sees {@link #usable()} false instead of a zero key.
 */
public final class DataKey {

    private final DataKeyId id;
    private final UUID keyId;
    private final String destroyedReason;
    private final byte[] bytes;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean zeroed;

    private DataKey(DataKeyId id, UUID keyId, byte[] bytes, String destroyedReason) {
        this.id = id;
        this.keyId = keyId;
        this.bytes = bytes;
        this.destroyedReason = destroyedReason;
    }

    static DataKey live(DataKeyId id, UUID keyId, byte[] bytes) {
        return new DataKey(id, keyId, bytes, null);
    }

    static DataKey destroyed(DataKeyId id, UUID keyId, String reason) {
        return new DataKey(id, keyId, null, reason == null ? "erasure" : reason);
    }

    public DataKeyId id() {
        return id;
    }

    public UUID keyId() {
        return keyId;
    }

    /** True once crypto-shredded: nothing it sealed can be read again. */
    public boolean destroyed() {
        return destroyedReason != null;
    }

    /** {@code erasure} (the author's) or {@code retention}; null while live. */
    public String destroyedReason() {
        return destroyedReason;
    }

    boolean usable() {
        lock.readLock().lock();
        try {
            return bytes != null && !zeroed;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs {@code use} with the key, lent for that call only (no copy of it outlives the call but the one the
     * thread's cipher keeps until its next use); null when the key is destroyed or was zeroed meanwhile.
     */
    <T> T withKey(Function<SecretKey, T> use) {
        lock.readLock().lock();
        try {
            if (bytes == null || zeroed) {
                return null;
            }
            LentKey key = new LentKey(bytes);
            try {
                return use.apply(key);
            } finally {
                key.destroy();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Overwrites the key bytes; called on eviction and destruction. */
    void zero() {
        lock.writeLock().lock();
        try {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
            zeroed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
