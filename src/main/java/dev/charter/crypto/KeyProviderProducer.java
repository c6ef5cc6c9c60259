package dev.charter.crypto;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Chooses the key provider named by {@code charter.keys.provider}, validated at start-up. */
@ApplicationScoped
class KeyProviderProducer {

    @Produces
    @jakarta.inject.Singleton
    KeyProvider keyProvider(KeyConfig config, MeterRegistry registry,
            @ConfigProperty(name = "charter.region", defaultValue = "local") String region) {
        KeyProvider provider = switch (config.provider()) {
            case "local" -> MasterKeySource.provider(config.local(), LaunchMode.current());
            case "aws-kms" -> AwsKmsKeyProvider.create(config.aws(), region);
            default -> throw new IllegalStateException(
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
