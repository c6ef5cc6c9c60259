package dev.charter.attachment;

import java.util.Locale;
import java.util.Set;

/**
 * The content types accepted for upload and the magic numbers their bytes must start with. A declared type the
 * bytes do not match is refused, so a client cannot pass an executable off as an image to the other members.
 * {@code application/octet-stream} makes no claim and is accepted as it is.
 */
final class ContentTypes {

    static final String OCTET_STREAM = "application/octet-stream";
    static final Set<String> ACCEPTED = Set.of(
            "image/jpeg",
            "image/png",
            "image/gif",
            "image/webp",
            "application/pdf",
            "video/mp4",
            "audio/mpeg",
            OCTET_STREAM);

    private ContentTypes() {}

    /** The media type without parameters, lower case; null when absent. */
    static String normalise(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int semicolon = header.indexOf(';');
        String type = semicolon < 0 ? header : header.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }

    static boolean accepted(String type) {
        return type != null && ACCEPTED.contains(type);
    }

    /** Whether the file's first bytes ({@code head[0..length)}) are what {@code type} says. */
    static boolean matches(String type, byte[] head, int length) {
        return switch (type) {
            case OCTET_STREAM -> true;
            case "image/jpeg" -> startsWith(head, length, 0, 0xFF, 0xD8, 0xFF);
            case "image/png" -> startsWith(head, length, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
            case "image/gif" ->
                startsWith(head, length, 0, 'G', 'I', 'F', '8', '7', 'a')
                        || startsWith(head, length, 0, 'G', 'I', 'F', '8', '9', 'a');
            case "image/webp" ->
                startsWith(head, length, 0, 'R', 'I', 'F', 'F') && startsWith(head, length, 8, 'W', 'E', 'B', 'P');
            case "application/pdf" -> startsWith(head, length, 0, '%', 'P', 'D', 'F', '-');
            case "video/mp4" -> startsWith(head, length, 4, 'f', 't', 'y', 'p');
            case "audio/mpeg" ->
                startsWith(head, length, 0, 'I', 'D', '3')
                        || (length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0);
            default -> false;
        };
    }

    private static boolean startsWith(byte[] head, int length, int offset, int... magic) {
        if (length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
