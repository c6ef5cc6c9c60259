package dev.charter.crypto;

import java.util.UUID;

/** A {@code data_key} row: the DEK only wrapped; {@code wrapped} null once destroyed. */
record StoredDataKey(DataKeyId id, UUID keyId, byte[] wrapped, String keyRef, String destroyedReason) {

    boolean destroyed() {
        return wrapped == null;
    }
}
