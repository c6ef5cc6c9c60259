package dev.charter.crypto;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code charter.keys.*}: which key provider holds the master key, and how to reach it. */
@ConfigMapping(prefix = "charter.keys")
public interface KeyConfig {

    /** {@code local} or {@code aws-kms}. */
    @WithDefault("local")
    String provider();

    Local local();

    Aws aws();

    Cache cache();

    Receipt receipt();

    interface Local {
        /** Base64 of a 256-bit master key. Dev generates one into {@link #devKeyFile()} when unset. */
        Optional<String> masterKey();

        /** The version of {@link #masterKey()}; new wraps are made under it. */
        @WithDefault("1")
        int masterKeyVersion();

        /** Older master keys still needed to unwrap, as {@code <version>:<base64>}; drop one once rotated away. */
        Optional<List<String>> previousMasterKeys();

        /** Where dev keeps its generated master key. */
        @WithDefault(".charter/dev/master-key")
        String devKeyFile();
    }

    interface Aws {
        Optional<String> keyId();

        Optional<String> endpoint();

        /** Attempts per KMS call, throttling and 5xx included (exponential backoff with jitter). */
        @WithDefault("6")
        int maxAttempts();
    }

    /** The in-memory cache of unwrapped data keys. */
    interface Cache {
        @WithDefault("100000")
        int maxSize();

        @WithDefault("PT1H")
        Duration maxAge();
    }

    /** The Ed25519 key that signs deletion receipts. */
    interface Receipt {
        /**
         * Base64 PKCS#8 of an Ed25519 private key. Required in prod and with {@code aws-kms}; in dev and test
         * generated into {@link #keyFile()} when unset.
         */
        Optional<String> privateKey();

        /** Where dev and test keep a generated key. */
        @WithDefault(".charter/receipt-signing-key")
        String keyFile();
    }
}
