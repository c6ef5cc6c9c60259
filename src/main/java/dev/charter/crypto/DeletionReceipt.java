package dev.charter.crypto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Proof of a crypto-shredding: {@code payload} is the JSON statement (type {@code charter.deletion-receipt.v1},
 * region, scope, subject digest, key ids, time, ledger position and hash, signing key fingerprint),
 * {@code signature} its Ed25519 signature (base64) over the payload's UTF-8 bytes, verifiable with the
 * published key ({@link ReceiptSigner#verify}).
 */
@RegisterForReflection
public record DeletionReceipt(String payload, String signature, String algorithm, String signingKey) {}
