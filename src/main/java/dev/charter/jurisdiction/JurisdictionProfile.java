package dev.charter.jurisdiction;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One privacy regime, as data (src/main/resources/jurisdictions/ID.json). Every legal number carries the
 * statute it comes from, so a privacy officer can check it and a lawyer can correct it without code.
 * {@code effectiveFrom}: the date the law as stated here applies from; {@code reviewedAt}: the date someone last
 * checked every field against the statutes (ISO dates; a test fails once a review is six months old).
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = false)
public record JurisdictionProfile(
        String id,
        String name,
        List<String> countries,
        List<String> subdivisions,
        RightsRequest rightsRequest,
        AgeOfConsent ageOfDigitalConsent,
        BreachNotification breachNotification,
        Residency residency,
        Transfers transfers,
        Retention defaultRetention,
        Flag e2eeAllowed,
        Named contentRuleSet,
        String effectiveFrom,
        String reviewedAt,
        LogRetention logRetention,
        Flag dataProtectionOfficer,
        Minors minors) {

    /** A profile without minors rules beyond the age of digital consent. */
    public JurisdictionProfile(
            String id,
            String name,
            List<String> countries,
            List<String> subdivisions,
            RightsRequest rightsRequest,
            AgeOfConsent ageOfDigitalConsent,
            BreachNotification breachNotification,
            Residency residency,
            Transfers transfers,
            Retention defaultRetention,
            Flag e2eeAllowed,
            Named contentRuleSet,
            String effectiveFrom,
            String reviewedAt,
            LogRetention logRetention,
            Flag dataProtectionOfficer) {
        this(
                id,
                name,
                countries,
                subdivisions,
                rightsRequest,
                ageOfDigitalConsent,
                breachNotification,
                residency,
                transfers,
                defaultRetention,
                e2eeAllowed,
                contentRuleSet,
                effectiveFrom,
                reviewedAt,
                logRetention,
                dataProtectionOfficer,
                null);
    }

    /** A profile of the core fields only: no dates, log rule, DPO duty or minors rules (tests build these). */
    public JurisdictionProfile(
            String id,
            String name,
            List<String> countries,
            List<String> subdivisions,
            RightsRequest rightsRequest,
            AgeOfConsent ageOfDigitalConsent,
            BreachNotification breachNotification,
            Residency residency,
            Transfers transfers,
            Retention defaultRetention,
            Flag e2eeAllowed,
            Named contentRuleSet) {
        this(
                id,
                name,
                countries,
                subdivisions,
                rightsRequest,
                ageOfDigitalConsent,
                breachNotification,
                residency,
                transfers,
                defaultRetention,
                e2eeAllowed,
                contentRuleSet,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * What the law adds for children beyond {@link #ageOfDigitalConsent}. {@code unknownAgePending}: a user whose
     * age is not established waits, like a minor, for it (or for a guardian) before using the service; with
     * {@code childDirectedOnly} only where the operator declares the service directed to children
     * ({@code charter.minors.child-directed}, COPPA). {@code parentOnlyUnder}: below that age only the guardian may
     * grant the listed purposes ({@code *}: every optional purpose). {@code optInUnder}: below that age the listed
     * purposes need the minor's own explicit opt-in (never a default). {@code barredForMinors}: purposes no one may
     * grant for a minor.
     */
    @RegisterForReflection
    public record Minors(
            UnknownAge unknownAgePending, AgeRule parentOnlyUnder, AgeRule optInUnder, PurposeRule barredForMinors) {

        public boolean parentOnly(String purpose, int age) {
            return applies(parentOnlyUnder, purpose, age);
        }

        public boolean barred(String purpose) {
            return barredForMinors != null && barredForMinors.purposes().contains(purpose);
        }

        private static boolean applies(AgeRule rule, String purpose, int age) {
            return rule != null
                    && age < rule.age()
                    && (rule.purposes().contains(Mechanism.ANY)
                            || rule.purposes().contains(purpose));
        }
    }

    @RegisterForReflection
    public record UnknownAge(Boolean value, Boolean childDirectedOnly, String source) {

        public boolean childDirectedOnlyOrFalse() {
            return Boolean.TRUE.equals(childDirectedOnly);
        }
    }

    @RegisterForReflection
    public record AgeRule(Integer age, List<String> purposes, String source) {}

    @RegisterForReflection
    public record PurposeRule(List<String> purposes, String source) {}

    /** ISO-8601 periods: {@code P1M}, {@code P45D}. */
    @RegisterForReflection
    public record RightsRequest(String deadline, String extension, String source) {}

    @RegisterForReflection
    public record AgeOfConsent(Integer defaultAge, Map<String, Integer> byCountry, String source) {
        @com.fasterxml.jackson.annotation.JsonCreator
        public static AgeOfConsent of(
                @com.fasterxml.jackson.annotation.JsonProperty("default") Integer defaultAge,
                @com.fasterxml.jackson.annotation.JsonProperty("byCountry") Map<String, Integer> byCountry,
                @com.fasterxml.jackson.annotation.JsonProperty("source") String source) {
            return new AgeOfConsent(defaultAge, byCountry == null ? Map.of() : byCountry, source);
        }

        public int forCountry(String country) {
            return byCountry.getOrDefault(country, defaultAge);
        }
    }

    /**
     * {@code hours} and {@code source}: the main regulator's window ({@code hours} null where the law names no
     * number). {@code clocks}: every notification duty the law sets, each to its own audience.
     */
    @RegisterForReflection
    public record BreachNotification(Integer hours, String source, List<BreachClock> clocks) {

        public BreachNotification(Integer hours, String source) {
            this(hours, source, List.of());
        }
    }

    /**
     * One notification duty after a breach: to whom ({@code audience}: regulator, board, cert, individuals,
     * attorney_general), within what ({@code unit}: hours, calendar_days, business_days or without_undue_delay,
     * with {@code amount}), counted from what ({@code from}: {@code aware}, the time the breach was detected, or
     * the id of another clock, which starts it when that notice is given), only above {@code minAffected}
     * affected residents when set, and only when {@code condition} holds (an assessment the law leaves to the
     * controller; shown, not computed).
     */
    @RegisterForReflection
    public record BreachClock(
            String id,
            String audience,
            String unit,
            Integer amount,
            String from,
            Integer minAffected,
            String condition,
            String source) {

        public static final String AWARE = "aware";
        public static final List<String> AUDIENCES =
                List.of("regulator", "board", "cert", "individuals", "attorney_general");
        public static final List<String> UNITS =
                List.of("hours", "calendar_days", "business_days", "without_undue_delay");
    }

    @RegisterForReflection
    public record Residency(Boolean inCountryOnly, List<String> transferDestinations, String source) {}

    /**
     * What the law says about sending personal data abroad. {@code restricted=false}: it sets no condition (then
     * {@code blockedCountries} may still name countries it forbids). Otherwise a transfer needs an adequacy
     * decision for the destination, which applies by itself, or one of the {@code mechanisms}, which counts only
     * when the operator declares it in {@code charter.transfers.in-place}. {@code alsoRequired}: conditions the
     * law adds to every transfer whatever the mechanism (PIPL Art. 39 separate consent).
     */
    @RegisterForReflection
    public record Transfers(
            Boolean restricted,
            String source,
            List<Adequacy> adequacy,
            List<Mechanism> mechanisms,
            List<Requirement> alsoRequired,
            Blocked blockedCountries) {

        public List<Adequacy> adequacyOrEmpty() {
            return adequacy == null ? List.of() : adequacy;
        }

        public List<Mechanism> mechanismsOrEmpty() {
            return mechanisms == null ? List.of() : mechanisms;
        }

        public List<Requirement> alsoRequiredOrEmpty() {
            return alsoRequired == null ? List.of() : alsoRequired;
        }

        public List<String> blockedCountriesOrEmpty() {
            return blockedCountries == null || blockedCountries.countries() == null
                    ? List.of()
                    : blockedCountries.countries();
        }

        /** The mechanism of this id, if the law offers it at all. */
        public java.util.Optional<Mechanism> mechanism(String id) {
            return mechanismsOrEmpty().stream().filter(m -> m.id().equals(id)).findFirst();
        }
    }

    /** An adequacy decision (or the law's equivalent) for a destination jurisdiction id. */
    @RegisterForReflection
    public record Adequacy(String to, String source) {}

    /** {@code to}: destination jurisdiction ids, or {@code *} for any destination. */
    @RegisterForReflection
    public record Mechanism(String id, List<String> to, String source) {

        public static final String ANY = "*";

        /** Whether the law offers this mechanism for a destination governed by any of these jurisdictions. */
        public boolean offeredFor(java.util.Collection<String> destinationJurisdictions) {
            return to.contains(ANY) || to.stream().anyMatch(destinationJurisdictions::contains);
        }
    }

    @RegisterForReflection
    public record Requirement(String id, String source) {}

    /** ISO 3166-1 alpha-2 countries the law forbids transfers to. */
    @RegisterForReflection
    public record Blocked(List<String> countries, String source) {}

    @RegisterForReflection
    public record Retention(Integer days, String source) {}

    /**
     * How long the law wants access and connection logs kept at least, as an ISO-8601 period ({@code P6M},
     * {@code P1Y}); {@code minimum} null where it sets none. Kept apart from {@code defaultRetention}, which is how
     * long messages may be kept at most.
     */
    @RegisterForReflection
    public record LogRetention(String minimum, String source) {

        public Optional<Period> minimumPeriod() {
            return minimum == null ? Optional.empty() : Optional.of(Period.parse(minimum));
        }
    }

    @RegisterForReflection
    public record Flag(Boolean value, String source) {}

    @RegisterForReflection
    public record Named(String value, String source) {}

    public LocalDate reviewedOn() {
        return LocalDate.parse(reviewedAt);
    }

    public LocalDate effectiveOn() {
        return LocalDate.parse(effectiveFrom);
    }

    /** The profile's minors rules; a profile without them adds nothing to the age of digital consent. */
    public Minors minorsOrNone() {
        return minors == null ? new Minors(new UnknownAge(false, false, null), null, null, null) : minors;
    }

    public List<String> subdivisionsOrEmpty() {
        return subdivisions == null ? List.of() : subdivisions;
    }
}
