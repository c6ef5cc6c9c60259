package dev.charter.federation;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** The checked federation settings of this deployment; built at start-up so a bad setting stops it there. */
@Startup
@ApplicationScoped
public class FederationKeys {

    private final FederationSettings settings;

    FederationKeys(FederationConfig config) {
        this.settings =
                FederationSettings.parse(config.peers(), config.privateKey(), config.peerKeys(), config.maxClockSkew());
    }

    public FederationSettings settings() {
        return settings;
    }
}
