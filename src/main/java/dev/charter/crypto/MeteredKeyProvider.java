package dev.charter.crypto;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;

/** Counts every call to the key provider as {@code charter_kms_calls_total{op}}: steady state is zero per message. */
final class MeteredKeyProvider implements KeyProvider {

    private final KeyProvider delegate;
    private final Counter generate;
    private final Counter unwrap;
    private final Counter rewrap;
    private final Counter describe;

    MeteredKeyProvider(KeyProvider delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.generate = counter(registry, "generate_data_key");
        this.unwrap = counter(registry, "decrypt");
        this.rewrap = counter(registry, "re_encrypt");
        this.describe = counter(registry, "describe_key");
    }

    private Counter counter(MeterRegistry registry, String op) {
        return Counter.builder("charter_kms_calls").description("Calls to the key provider (KMS or local)")
                .tag("op", op).tag("provider", delegate.name()).register(registry);
    }

    KeyProvider delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public GeneratedKey generate(UUID keyId) {
        generate.increment();
        return delegate.generate(keyId);
    }

    @Override
    public byte[] unwrap(UUID keyId, byte[] wrapped, String keyRef) {
        unwrap.increment();
        return delegate.unwrap(keyId, wrapped, keyRef);
    }

    @Override
    public Wrapped rewrap(UUID keyId, byte[] wrapped, String keyRef) {
        rewrap.increment();
        return delegate.rewrap(keyId, wrapped, keyRef);
    }

    @Override
    public String currentKeyRef() {
        return delegate.currentKeyRef();
    }

    @Override
    public void check() {
        describe.increment();
        delegate.check();
    }
}
