package dev.charter.identity;

/** Where a user's age came from; stored in {@code app_user.age_source} under {@link #column()}. */
public enum AgeSource {
    /** The identity provider's {@code birthdate} claim. */
    BIRTHDATE("birthdate"),
    /** The guardian's attestation when approving the child. */
    GUARDIAN_ATTESTATION("guardian_attestation"),
    /** The user's own statement. */
    SELF_DECLARED("self_declared"),
    /** Nothing established it: not taken as adult where the law asks for a verified age. */
    UNKNOWN("unknown");

    private final String column;

    AgeSource(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    /** Users stored before ages were sourced read as {@link #UNKNOWN}. */
    public static AgeSource ofColumn(String value) {
        for (AgeSource source : values()) {
            if (source.column.equals(value)) {
                return source;
            }
        }
        return UNKNOWN;
    }
}
