package dev.charter.privacy;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where a rights request stands. Stored in {@code privacy_request.status} and shown in JSON under
 * {@link #value()}, never under the constant's name.
 */
public enum RequestStatus {
    RECEIVED("received"),
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    REJECTED("rejected");

    /** Still to be answered: its deadline runs. */
    static final Set<RequestStatus> OPEN = EnumSet.of(RECEIVED, IN_PROGRESS);

    private final String value;

    RequestStatus(String value) {
        this.value = value;
    }

    /** The value in the database and in JSON. */
    public String value() {
        return value;
    }

    static Optional<RequestStatus> of(String value) {
        for (RequestStatus status : values()) {
            if (status.value.equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** Maps the column to the enum by {@link #value()}. */
    @Converter
    public static class Column implements AttributeConverter<RequestStatus, String> {

        @Override
        public String convertToDatabaseColumn(RequestStatus status) {
            return status == null ? null : status.value;
        }

        @Override
        public RequestStatus convertToEntityAttribute(String value) {
            return value == null
                    ? null
                    : of(value).orElseThrow(() -> new IllegalStateException("unknown request status '" + value + "'"));
        }
    }
}
