package dev.charter.legalhold;

import dev.charter.common.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * A hold as the officer asked for it, checked: {@code scope} {@code user} with {@code subject}, or
 * {@code conversation} with {@code conversation}; {@code authority}, {@code reference} and {@code reason}
 * required; {@code expiresAt}, when given, in the future.
 */
public record HoldInput(
        String scope, String target, String authority, String reference, String reason, Instant expiresAt) {

    /** The request body of {@code POST /v1/admin/holds}. */
    @RegisterForReflection
    public record Body(
            String scope,
            String subject,
            String conversation,
            String authority,
            String reference,
            String reason,
            String expiresAt) {}

    static HoldInput of(Body body, Instant now) {
        if (body == null) {
            throw ProblemException.badRequest("A hold needs a body.");
        }
        String target;
        if (LegalHold.USER.equals(body.scope())) {
            target = required(body.subject(), "subject");
        } else if (LegalHold.CONVERSATION.equals(body.scope())) {
            try {
                target = UUID.fromString(required(body.conversation(), "conversation"))
                        .toString();
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("'conversation' must be a conversation id.");
            }
        } else {
            throw ProblemException.badRequest("'scope' must be 'user' or 'conversation'.");
        }
        Instant expiresAt = null;
        if (body.expiresAt() != null) {
            try {
                expiresAt = Instant.parse(body.expiresAt());
            } catch (DateTimeParseException e) {
                throw ProblemException.badRequest("'expiresAt' must be an RFC 3339 UTC timestamp.");
            }
            if (!expiresAt.isAfter(now)) {
                throw ProblemException.unprocessable("'expiresAt' must be in the future.");
            }
        }
        return new HoldInput(
                body.scope(),
                target,
                required(body.authority(), "authority"),
                required(body.reference(), "reference"),
                required(body.reason(), "reason"),
                expiresAt);
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("'" + field + "' is required.");
        }
        if (value.length() > 2_000) {
            throw ProblemException.badRequest("'" + field + "' is longer than 2000 characters.");
        }
        return value.strip();
    }
}
