package dev.charter.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * The position after the last row of a page in a list ordered by (rank, time, id): what a client passes back as
 * {@code after} to get the next page. Opaque to clients (base64url), so the order can change without a contract
 * change; a token that does not decode is the caller's error ({@code 400}).
 */
public record Cursor(int rank, Instant at, UUID id) {

    public static Cursor after(Instant at, UUID id) {
        return new Cursor(0, at, id);
    }

    public String token() {
        String plain = rank + "|" + at + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Null for a missing or blank token (the first page). */
    public static Cursor parse(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            String[] parts =
                    new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3) {
                throw invalid();
            }
            return new Cursor(Integer.parseInt(parts[0]), Instant.parse(parts[1]), UUID.fromString(parts[2]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid();
        }
    }

    private static ProblemException invalid() {
        return ProblemException.badRequest("'after' is not a cursor this list handed out.");
    }
}
