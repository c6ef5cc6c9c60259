package dev.charter.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Dev and self-hosted provider: versioned master keys held in memory, DEKs wrapped with AES-256-GCM
 * (random nonce, the DEK id as additional data). Key ref {@code local:v<N>}. A retired version is simply
 * removed from the configuration once rotation has re-wrapped everything under the current one.
 */
public final class LocalKeyProvider implements KeyProvider {

    static final String PREFIX = "local:v";
    private static final int NONCE_BYTES = 12;

    private final Map<Integer, SecretKey> keys;
    private final int current;
    private final SecureRandom random = new SecureRandom();

    public LocalKeyProvider(Map<Integer, SecretKey> keys, int current) {
        if (!keys.containsKey(current)) {
            throw new IllegalArgumentException("no master key of the current version " + current);
        }
        this.keys = new TreeMap<>(keys);
        this.current = current;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public GeneratedKey generate(UUID keyId) {
        byte[] dek = new byte[32];
        random.nextBytes(dek);
        return new GeneratedKey(dek, wrap(keyId, dek), currentKeyRef());
    }

    @Override
    public byte[] unwrap(UUID keyId, byte[] wrapped, String keyRef) {
        SecretKey master = keys.get(version(keyRef));
        if (master == null) {
            throw new IllegalStateException("master key " + keyRef + " is retired or unknown");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(128, wrapped, 0, NONCE_BYTES));
            cipher.updateAAD(aad(keyId));
            return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("wrapped key does not authenticate", e);
        }
    }

    @Override
    public Wrapped rewrap(UUID keyId, byte[] wrapped, String keyRef) {
        byte[] dek = unwrap(keyId, wrapped, keyRef);
        try {
            return new Wrapped(wrap(keyId, dek), currentKeyRef());
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    @Override
    public String currentKeyRef() {
        return PREFIX + current;
    }

    @Override
    public void check() {
        // In memory: always usable.
    }

    private byte[] wrap(UUID keyId, byte[] dek) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(keyId));
            byte[] sealed = cipher.doFinal(dek);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static byte[] aad(UUID keyId) {
        return ("charter-dek-v1|" + keyId).getBytes(StandardCharsets.US_ASCII);
    }

    private static int version(String keyRef) {
        if (keyRef == null || !keyRef.startsWith(PREFIX)) {
            throw new IllegalStateException("not a local key ref: " + keyRef);
        }
        return Integer.parseInt(keyRef.substring(PREFIX.length()));
    }
}
