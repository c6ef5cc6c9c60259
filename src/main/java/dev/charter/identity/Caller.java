package dev.charter.identity;

import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** The authenticated caller of the current REST request, set once by {@link IdentityFilter}. */
@RequestScoped
public class Caller {

    private CurrentUser user;

    void set(CurrentUser user) {
        this.user = user;
    }

    public CurrentUser user() {
        if (user == null) {
            throw new UnauthorizedException();
        }
        return user;
    }

    /** The caller, or null when the request is anonymous or was refused before admission. */
    CurrentUser userOrNull() {
        return user;
    }

    /** The caller of an authenticated, admitted request; empty for anonymous ones. */
    public Optional<CurrentUser> ifAdmitted() {
        return Optional.ofNullable(user);
    }

    public String id() {
        return user().id();
    }
}
