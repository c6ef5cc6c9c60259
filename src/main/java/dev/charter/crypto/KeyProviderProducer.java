package dev.charter.crypto;

import dev.charter.jurisdiction.RegionConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Chooses the key provider named by {@code charter.keys.provider}, validated at start-up. */
@ApplicationScoped
class KeyProviderProducer {

    @Produces
    @jakarta.inject.Singleton
    KeyProvider keyProvider(KeyConfig config, MeterRegistry registry, RegionConfig region) {
        KeyProvider provider = switch (config.provider()) {
            case "local" -> MasterKeySource.provider(config.local(), LaunchMode.current());
            case "aws-kms" -> AwsKmsKeyProvider.create(config.aws(), region.region());
            default ->
                throw new IllegalStateException(
                        "charter.keys.provider must be local or aws-kms, not " + config.provider());
        };
        return new MeteredKeyProvider(provider, registry);
    }

    void close(@Disposes KeyProvider provider) {
        if (provider instanceof MeteredKeyProvider metered && metered.delegate() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // shutting down
            }
        }
    }
}
