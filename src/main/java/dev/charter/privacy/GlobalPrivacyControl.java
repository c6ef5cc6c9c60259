package dev.charter.privacy;

import dev.charter.identity.CurrentUser;
import dev.charter.jurisdiction.JurisdictionDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Global Privacy Control signal ({@code Sec-GPC: 1}) as a user's opt-out of sale and sharing where the law makes
 * it one: under the CCPA it is a valid request to opt out (Cal. Code Regs. tit. 11, § 7025; Cal. Civ. Code
 * § 1798.135(e)). Elsewhere the header changes nothing: no other profile gives it legal effect, and every optional
 * purpose is already off until granted.
 */
@ApplicationScoped
public class GlobalPrivacyControl {

    static final String HEADER = "Sec-GPC";
    static final String SOURCE = "gpc";
    private static final String CCPA = "CCPA";

    private final ConsentService consents;
    private final JurisdictionDirectory jurisdictions;

    GlobalPrivacyControl(ConsentService consents, JurisdictionDirectory jurisdictions) {
        this.consents = consents;
        this.jurisdictions = jurisdictions;
    }

    /** The header's value is exactly {@code 1} (the specification's only value). */
    static boolean signalled(String header) {
        return header != null && header.trim().equals("1");
    }

    /** Records the opt-out for a user the CCPA governs; nothing for anyone else. */
    Uni<Void> honour(CurrentUser user) {
        if (!CCPA.equals(jurisdictions.jurisdictionOf(user.country(), user.subdivision()))) {
            return Uni.createFrom().voidItem();
        }
        return consents.optOutOfSaleOrSharing(user.id(), SOURCE).replaceWithVoid();
    }
}
