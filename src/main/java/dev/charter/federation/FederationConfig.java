package dev.charter.federation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code charter.federation.*} as the contract writes it: lists of {@code region=value} entries separated by
 * commas. {@link FederationSettings} parses and checks them at start-up.
 */
@ConfigMapping(prefix = "charter.federation")
public interface FederationConfig {

    /** {@code us-east-1=https://chat-us.example.com,…}; absent: federation off. */
    Optional<String> peers();

    /** Base64 PKCS#8 Ed25519 private key of this region. */
    Optional<String> privateKey();

    /** {@code us-east-1=<base64 X.509 Ed25519 public key>,…}: one pinned key per peer. */
    Optional<String> peerKeys();

    /** How far a request's timestamp may be from this region's clock, either way. */
    @WithDefault("60s")
    Duration maxClockSkew();
}
