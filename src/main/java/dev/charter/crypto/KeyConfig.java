package dev.charter.crypto;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code charter.keys.*}: which key provider holds the master key, and how to reach it. */
@ConfigMapping(prefix = "charter.keys")
public interface KeyConfig {

    /** {@code local} or {@code aws-kms}. */
    @WithDefault("local")
    String provider();

    Local local();

    Aws aws();

    interface Local {
        /** Base64 of a 256-bit master key. Dev generates one into {@link #devKeyFile()} when unset. */
        Optional<String> masterKey();

        /** Where dev keeps its generated master key. */
        @WithDefault(".charter/dev/master-key")
        String devKeyFile();
    }

    interface Aws {
        Optional<String> keyId();

        Optional<String> endpoint();
    }
}
