package dev.charter.legalhold;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/** A hold as the privacy officer sees it; {@code active} is false once released or expired. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record HoldView(
        UUID id,
        String scope,
        String subject,
        String conversation,
        String authority,
        String reference,
        String reason,
        String expiresAt,
        String createdAt,
        String createdBy,
        boolean released,
        String releasedAt,
        boolean active) {

    static HoldView of(LegalHold hold, Instant now) {
        boolean user = LegalHold.USER.equals(hold.scope);
        return new HoldView(
                hold.id,
                hold.scope,
                user ? hold.target : null,
                user ? null : hold.target,
                hold.authority,
                hold.reference,
                hold.reason,
                text(hold.expiresAt),
                hold.createdAt.toString(),
                hold.createdBy,
                hold.releasedAt != null,
                text(hold.releasedAt),
                hold.active(now));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
