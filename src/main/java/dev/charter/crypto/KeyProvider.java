package dev.charter.crypto;

import java.util.UUID;

/**
 * Holds the region's master key and wraps data-encryption keys (DEKs) under it. Calls are blocking (a
 * network round trip for KMS): callers run them on a worker thread, never on the event loop.
 * {@code keyId} is the DEK's opaque id; providers bind the wrapped bytes to it (KMS encryption context,
 * GCM additional data), so a wrapped key copied to another row does not unwrap. User ids are never sent
 * to the provider: KMS logs encryption contexts in CloudTrail, which erasure cannot reach.
 */
public interface KeyProvider {

    /** {@code local} or {@code aws-kms}. */
    String name();

    /** A fresh 256-bit DEK, in plaintext and wrapped under the current master key. */
    GeneratedKey generate(UUID keyId);

    /** The DEK's plaintext bytes; fails when the wrapped bytes or their binding do not authenticate. */
    byte[] unwrap(UUID keyId, byte[] wrapped, String keyRef);

    /** The same DEK wrapped under the current master key (version). */
    Wrapped rewrap(UUID keyId, byte[] wrapped, String keyRef);

    /** The reference (master key id and version) new wraps are made under. */
    String currentKeyRef();

    /** Fails when the master key cannot be used (KMS unreachable, key disabled). */
    void check();

    record GeneratedKey(byte[] plaintext, byte[] wrapped, String keyRef) {}

    record Wrapped(byte[] wrapped, String keyRef) {}
}
