package dev.charter.identity;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller, as its verified token describes it.
 *
 * @param id          the token's {@code sub}
 * @param country     ISO 3166-1 alpha-2, upper case
 * @param subdivision ISO 3166-2 (e.g. {@code US-CA}), or null
 * @param birthdate   null when the token does not carry one
 * @param guardian    the guardian's {@code sub} for minors, or null
 * @param expiresAt   token expiry, epoch seconds
 */
public record CurrentUser(
        String id,
        Set<String> roles,
        String country,
        String subdivision,
        LocalDate birthdate,
        String guardian,
        long expiresAt) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** A token naming its own subject as guardian: a child cannot consent for themselves. */
    public boolean guardianIsSelf() {
        return guardian != null && guardian.equals(id);
    }

    public boolean tokenExpired(long nowEpochSeconds) {
        return expiresAt > 0 && nowEpochSeconds >= expiresAt;
    }

    /**
     * Null when the token lacks what every Charter user must have (a subject and a country), or when its
     * {@code subdivision} is not part of its {@code country} (ISO 3166-2 codes start with the country and a dash):
     * such a token would pick a jurisdiction its country does not have.
     */
    public static CurrentUser fromToken(JsonWebToken jwt) {
        String sub = jwt.getSubject();
        String country = claim(jwt, "country");
        if (sub == null || sub.isBlank() || country == null || country.isBlank()) {
            return null;
        }
        String countryCode = country.trim().toUpperCase(Locale.ROOT);
        String subdivision = upper(claim(jwt, "subdivision"));
        if (subdivision != null && !subdivision.startsWith(countryCode + "-")) {
            return null;
        }
        return new CurrentUser(
                sub,
                jwt.getGroups() == null ? Set.of() : Set.copyOf(jwt.getGroups()),
                countryCode,
                subdivision,
                birthdate(claim(jwt, "birthdate")),
                claim(jwt, "guardian"),
                jwt.getExpirationTime());
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value.toString();
        // JSON string claims arrive as JsonString whose toString keeps the quotes.
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        return text;
    }

    private static String upper(String value) {
        return value == null ? null : value.trim().toUpperCase(Locale.ROOT);
    }

    private static LocalDate birthdate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
