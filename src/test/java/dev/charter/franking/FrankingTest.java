package dev.charter.franking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The franking byte layouts, as docs/crypto.md writes them down for client implementers. */
class FrankingTest {

    @Test
    void theSignedMessageIsTheDocumentedByteLayout() {
        byte[] commitment = new byte[32];
        Arrays.fill(commitment, (byte) 0xAB);
        UUID conversation = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        Instant sentAt = Instant.parse("2026-11-23T10:00:00.000001Z");

        byte[] signed = Franking.signedMessage(commitment, "bö", conversation, 42, sentAt);

        String expected = HexFormat.of().formatHex("charter.franking.v1".getBytes(StandardCharsets.US_ASCII))
                + "00"
                + "ab".repeat(32)
                + "00112233445566778899aabbccddeeff"
                + "000000000000002a"
                + String.format("%016x", sentAt.getEpochSecond() * 1_000_000 + 1)
                + "0003"
                + "62c3b6";
        assertEquals(expected, HexFormat.of().formatHex(signed));
    }

    @Test
    void aCommitmentHoldsOnlyForItsKeyAndPlaintext() throws Exception {
        byte[] key = new byte[32];
        key[0] = 7;
        byte[] plaintext = "see you at 8".getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] commitment = mac.doFinal(plaintext);

        assertTrue(Franking.commits(key, plaintext, commitment));
        assertFalse(Franking.commits(key, "see you at 9".getBytes(StandardCharsets.UTF_8), commitment));
        byte[] otherKey = key.clone();
        otherKey[31] = 1;
        assertFalse(Franking.commits(otherKey, plaintext, commitment));
        assertFalse(Franking.commits(Arrays.copyOf(key, 16), plaintext, commitment), "keys are 32 bytes");
    }

    @Test
    void base64urlIsDecodedWithOrWithoutPaddingAndSizesAreExact() {
        byte[] bytes = new byte[32];
        bytes[5] = (byte) 0xFB; // yields '-' or '_' in base64url
        String encoded = Franking.encode(bytes);
        assertFalse(encoded.contains("="));
        assertArrayEquals(bytes, Franking.decode(encoded, 32));
        assertArrayEquals(bytes, Franking.decode(encoded + "=", 32));
        assertThrows(IllegalArgumentException.class, () -> Franking.decode(Franking.encode(new byte[31]), 32));
        assertThrows(IllegalArgumentException.class, () -> Franking.decode("not base64!", 32));
    }
}
