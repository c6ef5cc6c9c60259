package dev.charter.identity;

/** Role names as they appear in the token's {@code groups} claim. */
public final class Roles {
    public static final String USER = "user";
    public static final String MODERATOR = "moderator";
    public static final String PRIVACY_OFFICER = "privacy-officer";
    public static final String ADMIN = "admin";

    private Roles() {}
}
