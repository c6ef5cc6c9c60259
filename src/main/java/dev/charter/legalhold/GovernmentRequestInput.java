package dev.charter.legalhold;

import dev.charter.common.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** A government request as the officer recorded it, checked. {@code receivedAt} defaults to {@code now}. */
public record GovernmentRequestInput(
        String country,
        String authority,
        String type,
        boolean urgent,
        String legalBasis,
        String reference,
        Instant receivedAt) {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** The request body of {@code POST /v1/admin/government-requests}. */
    @RegisterForReflection
    public record Body(
            String country,
            String authority,
            String type,
            Boolean urgent,
            String legalBasis,
            String reference,
            String receivedAt) {}

    /** The request body of {@code PATCH /v1/admin/government-requests/{id}}. */
    @RegisterForReflection
    public record Outcome(String outcome, String note) {}

    static GovernmentRequestInput of(Body body, Instant now) {
        if (body == null) {
            throw ProblemException.badRequest("A government request needs a body.");
        }
        String country = HoldInput.required(body.country(), "country").toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(country).matches()) {
            throw ProblemException.badRequest("'country' must be an ISO 3166-1 alpha-2 code.");
        }
        String type = HoldInput.required(body.type(), "type");
        if (!GovernmentRequest.TYPES.contains(type)) {
            throw ProblemException.badRequest("'type' must be one of " + GovernmentRequest.TYPES + ".");
        }
        Instant received = now;
        if (body.receivedAt() != null) {
            try {
                received = Instant.parse(body.receivedAt()).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            } catch (DateTimeParseException e) {
                throw ProblemException.badRequest("'receivedAt' must be an RFC 3339 UTC timestamp.");
            }
            if (received.isAfter(now)) {
                throw ProblemException.unprocessable("'receivedAt' cannot be in the future.");
            }
        }
        return new GovernmentRequestInput(
                country,
                HoldInput.required(body.authority(), "authority"),
                type,
                Boolean.TRUE.equals(body.urgent()),
                HoldInput.required(body.legalBasis(), "legalBasis"),
                body.reference() == null || body.reference().isBlank()
                        ? null
                        : body.reference().strip(),
                received);
    }

    static String outcome(Outcome body) {
        if (body == null || body.outcome() == null || !GovernmentRequest.OUTCOMES.contains(body.outcome())) {
            throw ProblemException.badRequest("'outcome' must be one of " + GovernmentRequest.OUTCOMES + ".");
        }
        return body.outcome();
    }
}
