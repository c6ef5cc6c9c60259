package dev.charter.jurisdiction;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
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
            "GDPR", "UK_GDPR", "CCPA", "US", "PIPL", "PDPA_SG", "PDP_ID", "PDPA_TH", "PDPL_SA", "DPDP", "APPI", "LGPD",
            "KVKK", "PDPL_AE", "PDPA_MY", "PDP_VN");

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
        require(file, "effectiveFrom", date(p.effectiveFrom()) != null);
        require(file, "reviewedAt", date(p.reviewedAt()) != null);
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
        validateClocks(file, p.breachNotification().clocks());
        require(
                file,
                "residency",
                p.residency() != null
                        && p.residency().inCountryOnly() != null
                        && p.residency().transferDestinations() != null
                        && notBlank(p.residency().source()));
        validateTransfers(file, id, p.transfers());
        require(
                file,
                "defaultRetention",
                p.defaultRetention() != null
                        && p.defaultRetention().days() != null
                        && p.defaultRetention().days() > 0
                        && notBlank(p.defaultRetention().source()));
        require(
                file,
                "logRetention",
                p.logRetention() != null
                        && (p.logRetention().minimum() == null
                                || (period(p.logRetention().minimum()) != null
                                        && !period(p.logRetention().minimum()).isZero()
                                        && !period(p.logRetention().minimum()).isNegative()))
                        && notBlank(p.logRetention().source()));
        require(
                file,
                "dataProtectionOfficer",
                p.dataProtectionOfficer() == null
                        || (p.dataProtectionOfficer().value() != null
                                && notBlank(p.dataProtectionOfficer().source())));
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
        validateMinors(file, p);
    }

    /** Required in every profile: what an unknown age means there, with its source. Optional rules are cited. */
    private static void validateMinors(String file, JurisdictionProfile p) {
        JurisdictionProfile.Minors m = p.minors();
        require(
                file,
                "minors.unknownAgePending",
                m != null
                        && m.unknownAgePending() != null
                        && m.unknownAgePending().value() != null
                        && notBlank(m.unknownAgePending().source()));
        for (var rule : new JurisdictionProfile.AgeRule[] {m.parentOnlyUnder(), m.optInUnder()}) {
            if (rule != null) {
                require(
                        file,
                        "minors.parentOnlyUnder/optInUnder",
                        age(rule.age())
                                && rule.purposes() != null
                                && !rule.purposes().isEmpty()
                                && notBlank(rule.source()));
            }
        }
        if (m.barredForMinors() != null) {
            require(
                    file,
                    "minors.barredForMinors",
                    m.barredForMinors().purposes() != null
                            && !m.barredForMinors().purposes().isEmpty()
                            && notBlank(m.barredForMinors().source()));
        }
    }

    private static final Pattern MECHANISM_ID = Pattern.compile("[a-z][a-z0-9_]*");

    /** Every clock complete and cited; a clock started by another names one listed before it. */
    private static void validateClocks(String file, List<JurisdictionProfile.BreachClock> clocks) {
        require(file, "breachNotification.clocks", clocks != null && !clocks.isEmpty());
        java.util.Set<String> earlier = new java.util.HashSet<>();
        for (JurisdictionProfile.BreachClock c : clocks) {
            String field = "breachNotification.clocks[" + c.id() + "]";
            boolean timed = !"without_undue_delay".equals(c.unit());
            require(
                    file,
                    field,
                    c.id() != null
                            && MECHANISM_ID.matcher(c.id()).matches()
                            && !earlier.contains(c.id())
                            && JurisdictionProfile.BreachClock.AUDIENCES.contains(c.audience())
                            && JurisdictionProfile.BreachClock.UNITS.contains(c.unit())
                            && (timed ? c.amount() != null && c.amount() > 0 : c.amount() == null)
                            && (JurisdictionProfile.BreachClock.AWARE.equals(c.from()) || earlier.contains(c.from()))
                            && (c.minAffected() == null || c.minAffected() >= 0)
                            && notBlank(c.source()));
            earlier.add(c.id());
        }
    }

    /** Mechanism names the transfer policy uses for its own answers; no law's mechanism may take them. */
    static final List<String> RESERVED_MECHANISMS = List.of("adequacy", "unrestricted");

    private static void validateTransfers(String file, String id, JurisdictionProfile.Transfers t) {
        require(
                file,
                "transfers",
                t != null
                        && t.restricted() != null
                        && notBlank(t.source())
                        && t.adequacy() != null
                        && t.mechanisms() != null);
        if (!t.restricted()) {
            transfers(
                    file,
                    t.adequacy().isEmpty() && t.mechanisms().isEmpty(),
                    "restricted=false, so it lists no adequacy and no mechanisms");
        }
        for (JurisdictionProfile.Adequacy a : t.adequacy()) {
            transfers(file, a != null && notBlank(a.source()), "every adequacy entry needs a 'source'");
            destination(file, id, "adequacy", a.to());
        }
        List<String> seen = new ArrayList<>();
        for (JurisdictionProfile.Mechanism m : t.mechanisms()) {
            transfers(
                    file,
                    m != null && m.id() != null && MECHANISM_ID.matcher(m.id()).matches(),
                    "every mechanism needs an 'id' of lowercase letters, digits and _");
            transfers(file, !RESERVED_MECHANISMS.contains(m.id()), "mechanism id '" + m.id() + "' is reserved");
            transfers(file, !seen.contains(m.id()), "mechanism '" + m.id() + "' is listed twice");
            seen.add(m.id());
            transfers(file, notBlank(m.source()), "mechanism '" + m.id() + "' has no 'source'");
            transfers(
                    file,
                    m.to() != null && !m.to().isEmpty(),
                    "mechanism '" + m.id() + "' names no destination ('to': jurisdiction ids or \"*\")");
            for (String to : m.to()) {
                if (!JurisdictionProfile.Mechanism.ANY.equals(to)) {
                    destination(file, id, "mechanism '" + m.id() + "'", to);
                }
            }
        }
        for (JurisdictionProfile.Requirement r : t.alsoRequiredOrEmpty()) {
            transfers(
                    file,
                    r != null && notBlank(r.id()) && notBlank(r.source()),
                    "every alsoRequired entry needs an 'id' and a 'source'");
        }
        if (t.blockedCountries() != null) {
            transfers(
                    file,
                    t.blockedCountries().countries() != null
                            && t.blockedCountries().countries().stream()
                                    .allMatch(
                                            c -> c != null && COUNTRY.matcher(c).matches())
                            && notBlank(t.blockedCountries().source()),
                    "blockedCountries needs ISO 3166-1 alpha-2 'countries' and a 'source'");
        }
    }

    private static void destination(String file, String id, String what, String to) {
        transfers(
                file,
                to != null && IDS.contains(to),
                what + " names destination '" + to + "', which is not a jurisdiction id (" + String.join(", ", IDS)
                        + ")");
        transfers(file, !to.equals(id), what + " names its own jurisdiction " + id + " as a destination");
    }

    private static void transfers(String file, boolean valid, String problem) {
        if (!valid) {
            throw new IllegalStateException("jurisdiction profile " + file + ": field 'transfers': " + problem);
        }
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

    /** An ISO-8601 calendar date ({@code 2026-12-07}), or null. */
    static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Period period(String text) {
        try {
            return text == null ? null : Period.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
