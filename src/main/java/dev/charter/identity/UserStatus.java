package dev.charter.identity;

/** Where an account stands; stored in {@code app_user.status} under {@link #column()}. */
public enum UserStatus {
    /** May use the service. */
    ACTIVE("active"),
    /** A minor waiting for their guardian's approval: may not send yet (GDPR Art. 8, COPPA). */
    PENDING_GUARDIAN("pending_guardian"),
    /** Processing restricted (GDPR Art. 18): data kept and readable, nothing sent, no optional processing. */
    RESTRICTED("restricted"),
    /** Erased: only the id is kept, so later tokens for it are refused until the operator re-enables it. */
    ERASED("erased");

    private final String column;

    UserStatus(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public static UserStatus ofColumn(String value) {
        for (UserStatus status : values()) {
            if (status.column.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown user status");
    }
}
