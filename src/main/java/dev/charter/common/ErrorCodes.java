package dev.charter.common;

/** The error codes of CONTRACT.md. Clients match on these strings: never rename one. */
public final class ErrorCodes {
    // REST codes by status
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String CONFLICT = "conflict";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String WRONG_REGION = "wrong_region";
    public static final String UNPROCESSABLE = "unprocessable";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String UNKNOWN_USER = "unknown_user";
    public static final String ERASED = "erased";
    // WebSocket frame codes
    public static final String INVALID_FRAME = "invalid_frame";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String NOT_MEMBER = "not_member";
    public static final String BLOCKED_BY_POLICY = "blocked_by_policy";
    public static final String CONSENT_REQUIRED = "consent_required";
    public static final String RESTRICTED = "restricted";
    public static final String INTERNAL = "internal";
    public static final String TRANSFER_NOT_PERMITTED = "transfer_not_permitted";
    public static final String BLOCKED = "blocked";
    public static final String E2EE_NOT_PERMITTED = "e2ee_not_permitted";
    // Minors
    public static final String GUARDIAN_IS_CHILD = "guardian_is_child";
    public static final String GUARDIAN_LINK_ENDED = "guardian_link_ended";
    public static final String GUARDIAN_CONSENT_REQUIRED = "guardian_consent_required";
    public static final String BARRED_FOR_MINORS = "barred_for_minors";

    private ErrorCodes() {}
}
