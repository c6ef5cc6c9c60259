package dev.charter.jurisdiction;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * One privacy regime, as data (src/main/resources/jurisdictions/ID.json). Every legal number carries the
 * statute it comes from, so a privacy officer can check it and a lawyer can correct it without code.
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
        Named contentRuleSet) {

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

    /** {@code hours} is null where the law says "without undue delay" and names no number. */
    @RegisterForReflection
    public record BreachNotification(Integer hours, String source) {}

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

    @RegisterForReflection
    public record Flag(Boolean value, String source) {}

    @RegisterForReflection
    public record Named(String value, String source) {}

    public List<String> subdivisionsOrEmpty() {
        return subdivisions == null ? List.of() : subdivisions;
    }
}
