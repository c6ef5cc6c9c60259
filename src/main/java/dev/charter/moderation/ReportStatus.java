package dev.charter.moderation;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Optional;

/**
 * Where a report stands: filed {@link #OPEN}, {@link #RESOLVED} once a moderator decided it. Stored in
 * {@code report.status} and shown in JSON under {@link #value()}, never under the constant's name.
 */
public enum ReportStatus {
    OPEN("open"),
    RESOLVED("resolved");

    private final String value;

    ReportStatus(String value) {
        this.value = value;
    }

    /** The value in the database and in JSON. */
    public String value() {
        return value;
    }

    /** The status with this value; empty for any other text. */
    public static Optional<ReportStatus> of(String value) {
        for (ReportStatus status : values()) {
            if (status.value.equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** Maps the column to the enum by {@link #value()}. */
    @Converter
    public static class Column implements AttributeConverter<ReportStatus, String> {

        @Override
        public String convertToDatabaseColumn(ReportStatus status) {
            return status == null ? null : status.value;
        }

        @Override
        public ReportStatus convertToEntityAttribute(String value) {
            return value == null
                    ? null
                    : of(value).orElseThrow(() -> new IllegalStateException("unknown report status '" + value + "'"));
        }
    }
}
