package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

/** A data key is lent to the cipher for one call: no copy of it stays reachable through the key object. */
class LentKeyTest {

    @Test
    void theKeyACallSawIsDestroyedWhenTheCallReturnsAndSealingStillWorks() {
        byte[] raw = new byte[32];
        Arrays.fill(raw, (byte) 7);
        DataKey key = DataKey.live(new DataKeyId("alice", 202612, 1), UUID.randomUUID(), raw);
        byte[] nonce = Envelope.nonce();
        byte[] aad = "aad".getBytes(StandardCharsets.UTF_8);
        AtomicReference<SecretKey> seen = new AtomicReference<>();

        byte[] sealed = key.withKey(k -> {
            seen.set(k);
            return Envelope.seal(k, nonce, "hello".getBytes(StandardCharsets.UTF_8), aad);
        });
        byte[] opened = key.withKey(k -> Envelope.open(k, nonce, sealed, aad));

        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), opened);
        assertTrue(seen.get().isDestroyed(), "the lent key is destroyed after the call");
        assertThrows(IllegalStateException.class, () -> seen.get().getEncoded());
        assertThrows(
                NotSerializableException.class,
                () -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(new LentKey(raw)));
    }
}
