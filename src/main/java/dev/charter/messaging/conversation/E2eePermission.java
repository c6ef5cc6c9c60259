package dev.charter.messaging.conversation;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.identity.UserRepository.Residence;
import dev.charter.identity.UserService;
import dev.charter.jurisdiction.JurisdictionDirectory;
import dev.charter.jurisdiction.JurisdictionProfile;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * End-to-end encryption is offered only where every member's jurisdiction allows it (PIPL does not): the server
 * of an end-to-end encrypted conversation cannot read it, and some laws require that it can.
 */
@Singleton
class E2eePermission {

    private final UserService users;
    private final JurisdictionDirectory jurisdictions;

    E2eePermission(UserService users, JurisdictionDirectory jurisdictions) {
        this.users = users;
        this.jurisdictions = jurisdictions;
    }

    /** Fails with 422 {@code e2ee_not_permitted} naming the first jurisdiction among the members that forbids it. */
    Uni<Void> requirePermitted(List<String> members) {
        return users.residences(members)
                .invoke(found -> {
                    for (Residence member : found.values()) {
                        Optional<JurisdictionProfile> profile =
                                Optional.ofNullable(member.jurisdiction()).flatMap(jurisdictions::profile);
                        if (profile.isPresent() && forbids(profile.get())) {
                            JurisdictionProfile.Flag flag = profile.get().e2eeAllowed();
                            throw new ProblemException(
                                    422,
                                    ErrorCodes.E2EE_NOT_PERMITTED,
                                    "End-to-end encryption is not permitted for members under "
                                            + profile.get().id() + " (" + flag.source()
                                            + "); nothing was created.",
                                    Map.of("jurisdiction", profile.get().id()));
                        }
                    }
                })
                .replaceWithVoid();
    }

    private static boolean forbids(JurisdictionProfile profile) {
        return profile.e2eeAllowed() != null
                && Boolean.FALSE.equals(profile.e2eeAllowed().value());
    }
}
