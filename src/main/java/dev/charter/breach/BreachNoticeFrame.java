package dev.charter.breach;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/**
 * {@code {"type":"breach_notice","breach","jurisdiction","clock","notice","notifiedAt"}}: a personal data breach
 * that affects the user, as the privacy officer told it to the affected individuals.
 */
@RegisterForReflection
public record BreachNoticeFrame(
        String type, UUID breach, String jurisdiction, String clock, String notice, String notifiedAt) {

    static final String TYPE = "breach_notice";
}
