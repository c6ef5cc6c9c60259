package dev.charter.identity;

import dev.charter.jurisdiction.JurisdictionDirectory;
import dev.charter.jurisdiction.JurisdictionProfile;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * Is this user below their jurisdiction's age of digital consent (GDPR Art. 8, COPPA, DPDP s. 9, ...)?
 * Without a birthdate in the token the user is taken as an adult: the identity provider vouches for age.
 */
@ApplicationScoped
public class AgeCheck {

    /** GDPR Art. 8(1)'s default, for countries without a profile. */
    private static final int FALLBACK_AGE_OF_CONSENT = 16;

    private final JurisdictionDirectory jurisdictions;
    private final Clock clock;

    AgeCheck(JurisdictionDirectory jurisdictions, Clock clock) {
        this.jurisdictions = jurisdictions;
        this.clock = clock;
    }

    public boolean isMinor(CurrentUser user) {
        if (user.birthdate() == null) {
            return false;
        }
        int ageOfConsent = jurisdictions
                .profileOf(user.country(), user.subdivision())
                .map(JurisdictionProfile::ageOfDigitalConsent)
                .map(a -> a.forCountry(user.country()))
                .orElse(FALLBACK_AGE_OF_CONSENT);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return Period.between(user.birthdate(), today).getYears() < ageOfConsent;
    }
}
