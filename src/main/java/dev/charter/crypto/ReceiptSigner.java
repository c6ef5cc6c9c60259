package dev.charter.crypto;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs deletion receipts with Ed25519 (JDK). The key comes from {@code charter.keys.receipt.private-key};
 * without it, in dev and test only, one is generated once into {@code charter.keys.receipt.key-file}
 * (owner-only). Elsewhere the key is required ({@code common/RequiredSettings} stops the start without it): a
 * generated key fails on a read-only root file system or differs per instance. The public key is published at {@code GET /v1/keys/receipt-signing-key} so anyone can verify a receipt offline.
 */
@ApplicationScoped
public class ReceiptSigner {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    ReceiptSigner(KeyConfig config) {
        KeyPair pair = load(config.receipt(), LaunchMode.current());
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
    }

    public String sign(String payload) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    /** Signs raw bytes with the same key; callers separate their domain by a prefix of their own (franking). */
    public byte[] signBytes(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    /** The X.509 (SubjectPublicKeyInfo) encoding of the public key. */
    public byte[] publicKeyEncoded() {
        return publicKey.getEncoded();
    }

    /** Base64 of the X.509 (SubjectPublicKeyInfo) encoding. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** SHA-256 of the encoded public key, hex: names the key inside each receipt. */
    public String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Verifies a receipt with a published public key (what an auditor does). */
    public static boolean verify(String publicKeyBase64, String payload, String signatureBase64) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(payload.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String newPrivateKey() {
        try {
            KeyPair generated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return Base64.getEncoder().encodeToString(generated.getPrivate().getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    static KeyPair load(KeyConfig.Receipt config, LaunchMode mode) {
        try {
            String encoded;
            if (config.privateKey().isPresent()) {
                encoded = config.privateKey().get().trim();
            } else if (mode != LaunchMode.DEVELOPMENT && mode != LaunchMode.TEST) {
                throw new IllegalStateException(
                        "charter.keys.receipt.private-key is required outside dev and test: no key is generated");
            } else {
                encoded = SecretFile.readOrCreate(
                        Path.of(config.keyFile()), ReceiptSigner::newPrivateKey, "receipt signing key");
            }
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded)));
            return new KeyPair(derivePublic(privateKey), privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the receipt signing key", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("charter.keys.receipt: not a base64 PKCS#8 Ed25519 private key");
        }
    }

    private static PublicKey derivePublic(PrivateKey privateKey) throws GeneralSecurityException {
        // The JDK has no public API to derive an EdDSA public key; re-generating from the private seed
        // does it through a fixed "random" that returns the seed.
        byte[] seed = ((java.security.interfaces.EdECPrivateKey) privateKey)
                .getBytes()
                .orElseThrow(() -> new GeneralSecurityException("no seed"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(java.security.spec.NamedParameterSpec.ED25519, new java.security.SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, bytes.length);
            }
        });
        return generator.generateKeyPair().getPublic();
    }
}
