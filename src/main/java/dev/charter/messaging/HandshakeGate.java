package dev.charter.messaging;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.UserService;
import dev.charter.jurisdiction.ResidencyGate;
import dev.charter.privacy.ConsentService;
import java.util.List;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refusals before the WebSocket upgrade, so a refused client never gets a socket: 401 without a valid
 * token, 421 for a country this region does not serve (nothing about that user is stored). Admitted
 * users are registered on first contact, and the connection carries who they are.
 */
@ApplicationScoped
public class HandshakeGate implements HttpUpgradeCheck {

    static final UserData.TypedKey<CurrentUser> USER = new UserData.TypedKey<>("charter.user");
    static final UserData.TypedKey<List<String>> MISSING_CONSENTS = new UserData.TypedKey<>("charter.missingConsents");

    private final ResidencyGate residency;
    private final UserService users;
    private final ConsentService consents;

    HandshakeGate(ResidencyGate residency, UserService users, ConsentService consents) {
        this.residency = residency;
        this.users = users;
        this.consents = consents;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        // A token that fails verification fails this Uni; Quarkus then answers 401 itself (the
        // authentication failure handler), so no check result is produced for that case.
        return context.securityIdentity().flatMap(identity -> admit(identity, context));
    }

    private Uni<CheckResult> admit(SecurityIdentity identity, HttpUpgradeContext context) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return CheckResult.rejectUpgrade(401);
        }
        CurrentUser user = CurrentUser.fromToken(jwt);
        if (user == null) {
            return CheckResult.rejectUpgrade(401);
        }
        if (!residency.serves(user.country())) {
            residency.refusal(user.country());
            return CheckResult.rejectUpgrade(421);
        }
        context.userData().put(USER, user);
        return users.register(user)
                .flatMap(status -> UserService.ERASED.equals(status) ? Uni.createFrom().item((List<String>) null)
                        : consents.missing(user.id()))
                .flatMap(missing -> {
                    if (missing == null) {
                        return CheckResult.rejectUpgrade(403);
                    }
                    context.userData().put(MISSING_CONSENTS, missing);
                    return CheckResult.permitUpgrade();
                });
    }
}
