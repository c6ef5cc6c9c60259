package dev.charter.jurisdiction;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Loads and validates the jurisdiction profiles at start-up. A broken profile stops the service with a
 * message naming the file and the field: a wrong legal deadline must never go unnoticed.
 */
final class JurisdictionProfiles {

    /** The contract's jurisdiction ids; each has src/main/resources/jurisdictions/ID.json. */
    static final List<String> IDS = List.of(
            "GDPR", "UK_GDPR", "CCPA", "US", "PIPL", "PDPA_SG", "PDP_ID", "PDPA_TH", "PDPL_SA", "DPDP", "APPI", "LGPD");

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern SUBDIVISION = Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,3}");

    private JurisdictionProfiles() {}

    static List<JurisdictionProfile> load() {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        List<JurisdictionProfile> profiles = new ArrayList<>();
        for (String id : IDS) {
            String file = "jurisdictions/" + id + ".json";
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("missing jurisdiction profile " + file);
                }
                JurisdictionProfile profile = mapper.readValue(in, JurisdictionProfile.class);
                validate(file, id, profile);
                profiles.add(profile);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "jurisdiction profile " + file + " is not valid JSON for a profile: " + e.getMessage(), e);
            }
        }
        checkNoCountryIsClaimedTwice(profiles);
        return List.copyOf(profiles);
    }

    static void validate(String file, String id, JurisdictionProfile p) {
        require(file, "id", id.equals(p.id()));
        require(file, "name", notBlank(p.name()));
        require(
                file,
                "countries",
                p.countries() != null
                        && !p.countries().isEmpty()
                        && p.countries().stream()
                                .allMatch(c -> COUNTRY.matcher(c).matches()));
        require(
                file,
                "subdivisions",
                p.subdivisionsOrEmpty().stream()
                        .allMatch(s -> SUBDIVISION.matcher(s).matches()
                                && p.countries().contains(s.substring(0, 2))));
        require(
                file,
                "rightsRequest",
                p.rightsRequest() != null
                        && period(p.rightsRequest().deadline()) != null
                        && !period(p.rightsRequest().deadline()).isZero()
                        && period(p.rightsRequest().extension()) != null
                        && notBlank(p.rightsRequest().source()));
        require(
                file,
                "ageOfDigitalConsent",
                p.ageOfDigitalConsent() != null
                        && p.ageOfDigitalConsent().defaultAge() != null
                        && age(p.ageOfDigitalConsent().defaultAge())
                        && p.ageOfDigitalConsent().byCountry().entrySet().stream()
                                .allMatch(e -> p.countries().contains(e.getKey()) && age(e.getValue()))
                        && notBlank(p.ageOfDigitalConsent().source()));
        require(
                file,
                "breachNotification",
                p.breachNotification() != null
                        && (p.breachNotification().hours() == null
                                || p.breachNotification().hours() > 0)
                        && notBlank(p.breachNotification().source()));
        require(
                file,
                "residency",
                p.residency() != null
                        && p.residency().inCountryOnly() != null
                        && p.residency().transferDestinations() != null
                        && notBlank(p.residency().source()));
        require(
                file,
                "defaultRetention",
                p.defaultRetention() != null
                        && p.defaultRetention().days() != null
                        && p.defaultRetention().days() > 0
                        && notBlank(p.defaultRetention().source()));
        require(
                file,
                "e2eeAllowed",
                p.e2eeAllowed() != null
                        && p.e2eeAllowed().value() != null
                        && notBlank(p.e2eeAllowed().source()));
        require(
                file,
                "contentRuleSet",
                p.contentRuleSet() != null
                        && notBlank(p.contentRuleSet().value())
                        && notBlank(p.contentRuleSet().source()));
    }

    /** A country belongs to one jurisdiction, except where subdivisions split it (US-CA -> CCPA). */
    private static void checkNoCountryIsClaimedTwice(List<JurisdictionProfile> profiles) {
        Map<String, String> countryWide = new HashMap<>();
        for (JurisdictionProfile p : profiles) {
            if (!p.subdivisionsOrEmpty().isEmpty()) {
                continue;
            }
            for (String country : p.countries()) {
                String previous = countryWide.put(country, p.id());
                if (previous != null) {
                    throw new IllegalStateException(
                            "country " + country + " is claimed by both " + previous + " and " + p.id());
                }
            }
        }
    }

    private static void require(String file, String field, boolean valid) {
        if (!valid) {
            throw new IllegalStateException("jurisdiction profile " + file + ": field '" + field
                    + "' is missing or invalid (every legal value needs a 'source')");
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static boolean age(Integer age) {
        return age != null && age >= 0 && age <= 21;
    }

    static Period period(String text) {
        try {
            return text == null ? null : Period.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
