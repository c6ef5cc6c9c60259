package dev.charter.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One link of the audit chain as stored. {@code details} never holds message text, tokens or keys:
 * ids, reasons and counts only.
 */
public record AuditEvent(
        long seq,
        Instant at,
        String actor,
        String action,
        String subject,
        JsonNode details,
        String prevHash,
        String hash) {}
