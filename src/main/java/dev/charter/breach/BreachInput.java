package dev.charter.breach;

import dev.charter.common.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Request bodies checked and parsed: a missing or malformed field is 400 {@code invalid_request}; well-formed
 * but impossible values (a detection in the future, an unknown category or jurisdiction) are 422
 * {@code unprocessable}.
 */
final class BreachInput {

    /** What may have leaked, in Charter's own terms (the export's sections, plus keys and credentials). */
    static final Set<String> DATA_CATEGORIES = Set.of(
            "messages",
            "profile",
            "metadata",
            "contacts",
            "consents",
            "analytics",
            "audit",
            "credentials",
            "keys",
            "other");

    static final int MAX_NAMED_USERS = 10_000;
    private static final int MAX_TITLE = 200;
    private static final int MAX_TEXT = 10_000;
    /** Clients' clocks run a little ahead of ours; a detection this far "in the future" is still accepted. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    record NewBreach(
            String title,
            String description,
            Instant detectedAt,
            Instant occurredAt,
            List<String> dataCategories,
            List<String> named,
            Query query) {}

    /** {@code existedBy} is {@code activeTo}, or the detection time when none was given. */
    record Query(List<String> countries, List<String> jurisdictions, Instant activeFrom, Instant existedBy) {

        /** As stored with the breach ({@code breach.affected_query}) and shown in its views. */
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("countries", countries);
            map.put("jurisdictions", jurisdictions);
            map.put("activeFrom", activeFrom == null ? null : activeFrom.toString());
            map.put("activeTo", existedBy.toString());
            return map;
        }
    }

    /** {@code clock} null: the jurisdiction's regulator, as before clocks. */
    record Notification(String jurisdiction, Instant notifiedAt, String reference, String clock, String notice) {}

    /** Longest notice to individuals: it travels in one frame (a NOTIFY payload is under 8000 bytes). */
    static final int MAX_NOTICE = 2_000;

    private BreachInput() {}

    static NewBreach breach(BreachBody body, Instant now, Set<String> knownJurisdictions) {
        if (body == null) {
            throw ProblemException.badRequest("A JSON body is required.");
        }
        String title = required("title", body.title());
        if (title.length() > MAX_TITLE) {
            throw ProblemException.badRequest("'title' is at most " + MAX_TITLE + " characters.");
        }
        if (body.description() != null && body.description().length() > MAX_TEXT) {
            throw ProblemException.badRequest("'description' is at most " + MAX_TEXT + " characters.");
        }
        // Stored times keep microseconds (PostgreSQL's precision): the breach is answered as it will read back.
        Instant detectedAt =
                time("detectedAt", required("detectedAt", body.detectedAt())).truncatedTo(ChronoUnit.MICROS);
        notInFuture("detectedAt", detectedAt, now);
        Instant occurredAt = body.occurredAt() == null
                ? null
                : time("occurredAt", body.occurredAt()).truncatedTo(ChronoUnit.MICROS);
        if (occurredAt != null && occurredAt.isAfter(detectedAt)) {
            throw ProblemException.unprocessable("'occurredAt' cannot be after 'detectedAt'.");
        }
        List<String> categories = categories(body.dataCategories());
        if ((body.affectedUsers() == null) == (body.affected() == null)) {
            throw ProblemException.badRequest("Give exactly one of 'affectedUsers' and 'affected'.");
        }
        if (body.affectedUsers() != null) {
            return new NewBreach(
                    title, body.description(), detectedAt, occurredAt, categories, named(body.affectedUsers()), null);
        }
        return new NewBreach(
                title,
                body.description(),
                detectedAt,
                occurredAt,
                categories,
                null,
                query(body.affected(), detectedAt, knownJurisdictions));
    }

    static Notification notification(NotificationBody body, Instant now) {
        if (body == null) {
            throw ProblemException.badRequest("A JSON body is required.");
        }
        String jurisdiction = required("jurisdiction", body.jurisdiction());
        Instant at = body.notifiedAt() == null ? now : time("notifiedAt", body.notifiedAt());
        notInFuture("notifiedAt", at, now);
        if (body.reference() != null && body.reference().length() > MAX_TITLE) {
            throw ProblemException.badRequest("'reference' is at most " + MAX_TITLE + " characters.");
        }
        String clock = body.clock() == null || body.clock().isBlank() ? null : body.clock();
        String notice = body.notice() == null || body.notice().isBlank()
                ? null
                : body.notice().strip();
        if (notice != null && notice.length() > MAX_NOTICE) {
            throw ProblemException.badRequest("'notice' is at most " + MAX_NOTICE + " characters.");
        }
        return new Notification(jurisdiction, at.truncatedTo(ChronoUnit.MICROS), body.reference(), clock, notice);
    }

    private static List<String> categories(List<String> given) {
        if (given == null || given.isEmpty() || given.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw ProblemException.badRequest("'dataCategories' must list at least one category.");
        }
        List<String> unknown =
                given.stream().filter(c -> !DATA_CATEGORIES.contains(c)).toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable("Unknown data categories " + unknown + "; known: "
                    + DATA_CATEGORIES.stream().sorted().toList() + ".");
        }
        return List.copyOf(new LinkedHashSet<>(given));
    }

    private static List<String> named(List<String> users) {
        if (users.isEmpty() || users.stream().anyMatch(u -> u == null || u.isBlank())) {
            throw ProblemException.badRequest("'affectedUsers' must list at least one user id.");
        }
        if (users.size() > MAX_NAMED_USERS) {
            throw ProblemException.badRequest("'affectedUsers' names at most " + MAX_NAMED_USERS
                    + " users; describe larger breaches with 'affected'.");
        }
        return List.copyOf(new LinkedHashSet<>(users));
    }

    private static Query query(BreachBody.Affected affected, Instant detectedAt, Set<String> knownJurisdictions) {
        List<String> countries = affected.countries() == null ? List.of() : affected.countries();
        List<String> jurisdictions = affected.jurisdictions() == null ? List.of() : affected.jurisdictions();
        if (countries.isEmpty() && jurisdictions.isEmpty()) {
            throw ProblemException.badRequest("'affected' needs 'countries' or 'jurisdictions'.");
        }
        if (countries.stream().anyMatch(c -> c == null || !COUNTRY.matcher(c).matches())) {
            throw ProblemException.badRequest("'affected.countries' are ISO 3166-1 alpha-2 codes, e.g. DE.");
        }
        List<String> unknown = jurisdictions.stream()
                .filter(j -> !knownJurisdictions.contains(j))
                .toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable("Unknown jurisdictions " + unknown + ".");
        }
        Instant from = affected.activeFrom() == null ? null : time("affected.activeFrom", affected.activeFrom());
        Instant to = affected.activeTo() == null ? detectedAt : time("affected.activeTo", affected.activeTo());
        if (from != null && from.isAfter(to)) {
            throw ProblemException.unprocessable("'affected.activeFrom' cannot be after 'affected.activeTo'.");
        }
        return new Query(List.copyOf(countries), List.copyOf(jurisdictions), from, to);
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("'" + field + "' is required.");
        }
        return value.strip();
    }

    private static Instant time(String field, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(
                    "'" + field + "' must be an RFC 3339 date-time with an offset, " + "e.g. 2026-11-29T10:00:00Z.");
        }
    }

    private static void notInFuture(String field, Instant value, Instant now) {
        if (value.isAfter(now.plus(CLOCK_SKEW))) {
            throw ProblemException.unprocessable("'" + field + "' cannot be in the future.");
        }
    }
}
