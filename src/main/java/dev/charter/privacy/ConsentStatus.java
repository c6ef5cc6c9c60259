package dev.charter.privacy;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Optional;

/**
 * One purpose's consent state for a user. {@link #GRANTED} and {@link #WITHDRAWN} are stored in
 * {@code consent.status}; {@link #NONE} (never asked) is only shown, never stored. Stored and shown in JSON under
 * {@link #value()}, never under the constant's name.
 */
public enum ConsentStatus {
    GRANTED("granted"),
    WITHDRAWN("withdrawn"),
    NONE("none");

    private final String value;

    ConsentStatus(String value) {
        this.value = value;
    }

    /** The value in the database and in JSON. */
    public String value() {
        return value;
    }

    static ConsentStatus of(boolean granted) {
        return granted ? GRANTED : WITHDRAWN;
    }

    static Optional<ConsentStatus> of(String value) {
        for (ConsentStatus status : values()) {
            if (status.value.equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** Maps the column to the enum by {@link #value()}. */
    @Converter
    public static class Column implements AttributeConverter<ConsentStatus, String> {

        @Override
        public String convertToDatabaseColumn(ConsentStatus status) {
            return status == null ? null : status.value;
        }

        @Override
        public ConsentStatus convertToEntityAttribute(String value) {
            return value == null
                    ? null
                    : of(value).orElseThrow(() -> new IllegalStateException("unknown consent status '" + value + "'"));
        }
    }
}
