package dev.charter.privacy;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.identity.AgeCheck;
import dev.charter.identity.AgeSource;
import dev.charter.identity.UserRepository;
import dev.charter.identity.UserService;
import dev.charter.jurisdiction.JurisdictionDirectory;
import dev.charter.jurisdiction.JurisdictionProfile;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a minor's jurisdiction says about their optional purposes ({@code minors} in the profile): purposes barred
 * for minors (DPDP s. 9(3)) can be granted by no one and count as not granted, and below {@code parentOnlyUnder}
 * (Cal. Civ. Code § 1798.120(c), Thai PDPA s. 20) only the guardian grants. A user of unknown age counts as a minor
 * where the profile keeps such users pending.
 */
@ApplicationScoped
class MinorConsents {

    private final UserService users;
    private final JurisdictionDirectory jurisdictions;
    private final AgeCheck ages;

    MinorConsents(UserService users, JurisdictionDirectory jurisdictions, AgeCheck ages) {
        this.users = users;
        this.jurisdictions = jurisdictions;
        this.ages = ages;
    }

    /** Fails unless {@code purpose} may be granted for {@code user}, by them or ({@code byGuardian}) their guardian. */
    Uni<Void> requireMayGrant(String user, String purpose, boolean byGuardian) {
        return users.find(user)
                .invoke(found -> found.ifPresent(stored -> {
                    JurisdictionProfile.Minors rules = rulesOf(stored);
                    if (!isMinor(stored) || rules == null) {
                        return;
                    }
                    if (rules.barred(purpose)) {
                        throw new ProblemException(
                                403,
                                ErrorCodes.BARRED_FOR_MINORS,
                                "The law of your jurisdiction does not allow this purpose for minors: "
                                        + rules.barredForMinors().source());
                    }
                    OptionalInt age = ages.age(stored.birthdate());
                    // Of unknown age where that holds users back: as young as can be.
                    int years = age.isPresent() ? age.getAsInt() : Integer.MIN_VALUE;
                    if (!byGuardian && rules.parentOnly(purpose, years)) {
                        throw new ProblemException(
                                403,
                                ErrorCodes.GUARDIAN_CONSENT_REQUIRED,
                                "At your age only your guardian can grant this purpose: "
                                        + rules.parentOnlyUnder().source());
                    }
                }))
                .replaceWithVoid();
    }

    /** {@code granted} without the purposes the user's jurisdiction bars for minors, when they are one. */
    Uni<Set<String>> withoutBarred(String user, Set<String> granted) {
        if (granted.isEmpty()) {
            return Uni.createFrom().item(granted);
        }
        return users.find(user)
                .map(found -> found.filter(this::isMinor)
                        .map(this::rulesOf)
                        .map(rules -> granted.stream()
                                .filter(purpose -> !rules.barred(purpose))
                                .collect(Collectors.toUnmodifiableSet()))
                        .orElse(granted));
    }

    private JurisdictionProfile.Minors rulesOf(UserRepository.StoredUser stored) {
        return jurisdictions
                .profileOf(stored.country(), stored.subdivision())
                .map(JurisdictionProfile::minorsOrNone)
                .orElse(null);
    }

    /** A declared adult is not taken at their word where the law asks for a verified age. */
    private boolean isMinor(UserRepository.StoredUser stored) {
        boolean unverifiedCountsAsChild = ages.unknownAgePending(stored.country(), stored.subdivision());
        if (stored.birthdate() == null) {
            return unverifiedCountsAsChild;
        }
        return ages.isMinor(stored.birthdate(), stored.country(), stored.subdivision())
                || (stored.ageSource() == AgeSource.SELF_DECLARED && unverifiedCountsAsChild);
    }
}
