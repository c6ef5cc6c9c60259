package dev.charter.crypto;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;

/**
 * Counts every call to the key provider as {@code charter_kms_calls_total{op}}: steady state is zero per
 * message. Also remembers when a call last failed, so readiness can notice an outage before its next probe.
 */
final class MeteredKeyProvider implements KeyProvider {

    private final KeyProvider delegate;
    private final Counter generate;
    private final Counter unwrap;
    private final Counter rewrap;
    private final Counter describe;
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    MeteredKeyProvider(KeyProvider delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.generate = counter(registry, "generate_data_key");
        this.unwrap = counter(registry, "decrypt");
        this.rewrap = counter(registry, "re_encrypt");
        this.describe = counter(registry, "describe_key");
    }

    private Counter counter(MeterRegistry registry, String op) {
        return Counter.builder("charter_kms_calls")
                .description("Calls to the key provider (KMS or local)")
                .tag("op", op)
                .tag("provider", delegate.name())
                .register(registry);
    }

    KeyProvider delegate() {
        return delegate;
    }

    /** How many calls failed so far (any operation); readiness re-checks when this moved. */
    long failures() {
        return failures.get();
    }

    private <T> T counted(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            throw e;
        }
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public GeneratedKey generate(UUID keyId) {
        generate.increment();
        return counted(() -> delegate.generate(keyId));
    }

    @Override
    public byte[] unwrap(UUID keyId, byte[] wrapped, String keyRef) {
        unwrap.increment();
        return counted(() -> delegate.unwrap(keyId, wrapped, keyRef));
    }

    @Override
    public Wrapped rewrap(UUID keyId, byte[] wrapped, String keyRef) {
        rewrap.increment();
        return counted(() -> delegate.rewrap(keyId, wrapped, keyRef));
    }

    @Override
    public String currentKeyRef() {
        return delegate.currentKeyRef();
    }

    @Override
    public void check() {
        describe.increment();
        counted(() -> {
            delegate.check();
            return null;
        });
    }
}
