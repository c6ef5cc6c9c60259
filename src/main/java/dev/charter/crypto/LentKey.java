package dev.charter.crypto;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import javax.crypto.SecretKey;

/**
 * A data key's own bytes lent to a cipher for one call. Unlike {@code SecretKeySpec}, which keeps a copy of its
 * own that nothing can zero ({@code destroy()} is not implemented), it holds no copy: the cipher gets one from
 * {@link #getEncoded} and the JDK's AES-GCM zeroes it after expanding the key. Destroyed when the call returns,
 * so a reference kept past it reads nothing.
 */
final class LentKey implements SecretKey {

    @Serial
    private static final long serialVersionUID = 1L;

    private transient byte[] bytes;

    LentKey(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        byte[] lent = bytes;
        if (lent == null) {
            throw new IllegalStateException("the key was only lent for one call");
        }
        return lent.clone();
    }

    @Override
    public void destroy() {
        bytes = null;
    }

    @Override
    public boolean isDestroyed() {
        return bytes == null;
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        throw new NotSerializableException("key material is never serialised");
    }
}
