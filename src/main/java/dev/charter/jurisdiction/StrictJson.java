package dev.charter.jurisdiction;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the data files packaged under {@code jurisdictions/} strictly: an unknown field or a key listed twice (a
 * country or region that would otherwise take whichever entry comes last) makes the file invalid.
 */
final class StrictJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StrictJson() {}

    /** The packaged resource {@code file}; {@code what} names it in errors ("residency table"). */
    static <T> T resource(String file, Class<T> type, String what) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing " + what + " " + file);
            }
            return read(in, type, file, what);
        } catch (IOException e) {
            throw new IllegalStateException(what + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    static <T> T read(InputStream in, Class<T> type, String file, String what) {
        try {
            return MAPPER.readValue(in, type);
        } catch (IOException e) {
            throw new IllegalStateException(what + " " + file + " is not valid: " + e.getMessage(), e);
        }
    }
}
