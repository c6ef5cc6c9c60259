package dev.charter.messaging.conversation;

import dev.charter.common.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of a member's conversation list ended: the last conversation's creation time (microseconds) and
 * id, the list's order. Clients treat the encoded form as opaque.
 */
record ListCursor(long createdAtMicros, UUID id) {

    String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((createdAtMicros + "." + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** 400 {@code invalid_request} for anything this server did not hand out. */
    static ListCursor parse(String encoded) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.US_ASCII);
            int dot = text.indexOf('.');
            return new ListCursor(Long.parseLong(text.substring(0, dot)), UUID.fromString(text.substring(dot + 1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ProblemException.badRequest("'after' is not a cursor this server handed out.");
        }
    }
}
