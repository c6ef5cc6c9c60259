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
