package dev.charter.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Micro-benchmark (prints numbers, asserts nothing): the cost of sealing and opening one message body as
 * Charter does (AES-256-GCM, fresh nonce, the message AAD) at 100 B, 1 KiB and 16 KiB, with the JDK's
 * provider and with Bouncy Castle. Run with {@code scripts/bench-crypto.sh}; excluded from normal builds.
 */
@Tag("bench")
public class CryptoBench {

    private static final int[] SIZES = {100, 1024, 16 * 1024};

    @Test
    void printNumbers() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        Provider jdk = Cipher.getInstance("AES/GCM/NoPadding").getProvider();
        Provider bc = new BouncyCastleProvider();
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        SecretKey key = new SecretKeySpec(keyBytes, "AES");
        byte[] aad = MessageAad.of(UUID.randomUUID(), 42, "alice-0123", 202611);
        System.out.printf(Locale.ROOT, "%-14s %8s %14s %12s%n", "provider", "size", "ns/msg (e+d)", "MB/s");
        for (int size : SIZES) {
            byte[] body = new byte[size];
            new SecureRandom().nextBytes(body);
            for (Provider provider : new Provider[] {jdk, bc}) {
                int iterations = Math.max(2_000, 40_000_000 / (size + 200));
                run(provider, key, body, aad, iterations / 2); // warm-up (JIT)
                long start = System.nanoTime();
                run(provider, key, body, aad, iterations);
                double nsPerMessage = (System.nanoTime() - start) / (double) iterations;
                System.out.printf(
                        Locale.ROOT,
                        "%-14s %8d %14.0f %12.1f%n",
                        provider.getName() + " " + provider.getVersionStr(),
                        size,
                        nsPerMessage,
                        size / nsPerMessage * 1e9 / 1e6);
            }
        }
    }

    private static void run(Provider provider, SecretKey key, byte[] body, byte[] aad, int iterations)
            throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        byte[] nonce = new byte[12];
        long check = 0;
        for (int i = 0; i < iterations; i++) {
            random.nextBytes(nonce);
            Cipher seal = Cipher.getInstance("AES/GCM/NoPadding", provider);
            seal.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            seal.updateAAD(aad);
            byte[] sealed = seal.doFinal(body);
            Cipher open = Cipher.getInstance("AES/GCM/NoPadding", provider);
            open.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            open.updateAAD(aad);
            check += open.doFinal(sealed).length;
        }
        if (check != (long) iterations * body.length) {
            throw new IllegalStateException("round trip lost bytes");
        }
    }
}
