package dev.charter.identity;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.jurisdiction.ResidencyGate;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * For every authenticated REST call: residency first (a user this region does not serve is refused
 * before anything about them is stored), then first-contact registration.
 */
public class IdentityFilter {

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    ResidencyGate residency;

    @Inject
    UserService users;

    @Inject
    Caller caller;

    @ServerRequestFilter
    public Uni<Void> identify() {
        return identities.getDeferredIdentity().flatMap(this::admit);
    }

    private Uni<Void> admit(SecurityIdentity identity) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().voidItem();
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        CurrentUser user = CurrentUser.fromToken(jwt);
        if (user == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        if (!residency.serves(user.country())) {
            return Uni.createFrom().failure(residency.refusal(user.country()));
        }
        caller.set(user);
        return users.register(user)
                .invoke(status -> {
                    if (status == UserStatus.ERASED) {
                        throw new ProblemException(
                                403,
                                ErrorCodes.ERASED,
                                "This account was erased; the operator must re-enable the id before it can be used again.");
                    }
                })
                .replaceWithVoid();
    }
}
