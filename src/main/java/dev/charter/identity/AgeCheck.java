package dev.charter.identity;

import dev.charter.jurisdiction.JurisdictionDirectory;
import dev.charter.jurisdiction.JurisdictionProfile;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Is this user below their jurisdiction's age of digital consent (GDPR Art. 8, COPPA, DPDP s. 9, ...)? A user
 * without a known birthdate is of unknown age, not an adult: where the profile says so
 * ({@code minors.unknownAgePending}) they wait like a minor until an age or a guardian's consent is established.
 */
@ApplicationScoped
public class AgeCheck {

    /** GDPR Art. 8(1)'s default, for countries without a profile. */
    private static final int FALLBACK_AGE_OF_CONSENT = 16;

    private final JurisdictionDirectory jurisdictions;
    private final Clock clock;
    private final boolean childDirected;

    AgeCheck(
            JurisdictionDirectory jurisdictions,
            Clock clock,
            @ConfigProperty(name = "charter.minors.child-directed", defaultValue = "false") boolean childDirected) {
        this.jurisdictions = jurisdictions;
        this.clock = clock;
        this.childDirected = childDirected;
    }

    public boolean isMinor(CurrentUser user) {
        return user.birthdate() != null && isMinor(user.birthdate(), user.country(), user.subdivision());
    }

    /** Below the age of digital consent of this country (and subdivision) today. */
    public boolean isMinor(LocalDate birthdate, String country, String subdivision) {
        return ageOn(birthdate) < ageOfConsent(country, subdivision);
    }

    public int ageOfConsent(String country, String subdivision) {
        return jurisdictions
                .profileOf(country, subdivision)
                .map(JurisdictionProfile::ageOfDigitalConsent)
                .map(a -> a.forCountry(country))
                .orElse(FALLBACK_AGE_OF_CONSENT);
    }

    /** Whether a user of unknown age waits, like a minor, until their age or a guardian's consent is known. */
    public boolean unknownAgePending(String country, String subdivision) {
        return jurisdictions
                .profileOf(country, subdivision)
                .map(p -> p.minorsOrNone().unknownAgePending())
                .map(rule -> Boolean.TRUE.equals(rule.value()) && (childDirected || !rule.childDirectedOnlyOrFalse()))
                .orElse(false);
    }

    /** Completed years of life today, or empty without a birthdate. */
    public OptionalInt age(LocalDate birthdate) {
        return birthdate == null ? OptionalInt.empty() : OptionalInt.of(ageOn(birthdate));
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private int ageOn(LocalDate birthdate) {
        return Period.between(birthdate, today()).getYears();
    }
}
