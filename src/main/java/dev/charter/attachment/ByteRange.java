package dev.charter.attachment;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code Range: bytes=…} of RFC 9110 §14.1.2, resolved against the file's size: {@code a-b}, {@code a-} or the
 * suffix {@code -n}. Anything else (several ranges, other units, malformed) is ignored and the whole file served,
 * as the RFC allows.
 */
record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    /** Thrown for a range that no byte of the file satisfies: the answer is 416. */
    static final class Unsatisfiable extends RuntimeException {
        final long size;

        Unsatisfiable(long size) {
            super(null, null, false, false);
            this.size = size;
        }
    }

    long length() {
        return last - first + 1;
    }

    /** The range asked for, null for the whole file. */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0 || size == 0) {
                throw new Unsatisfiable(size);
            }
            return new ByteRange(Math.max(0, size - suffix), size - 1);
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
        if (last < first) {
            return null;
        }
        if (first >= size) {
            throw new Unsatisfiable(size);
        }
        return new ByteRange(first, Math.min(last, size - 1));
    }
}
