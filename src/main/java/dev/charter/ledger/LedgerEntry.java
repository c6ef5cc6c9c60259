package dev.charter.ledger;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/**
 * One crypto-shredding event as the external sink records it: opaque ids only. {@code hash} chains the
 * entry to the previous one (SHA-256 over the previous hash and this entry), so a rewritten sink shows.
 */
@RegisterForReflection
public record LedgerEntry(
        long position,
        String at,
        String scope,
        String subject,
        Integer beforeEpoch,
        List<UUID> keyIds,
        String prevHash,
        String hash) {}
