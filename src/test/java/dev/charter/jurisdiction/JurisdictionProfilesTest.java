package dev.charter.jurisdiction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profiles as data: loaded, validated, and mapped from countries as the law says. */
class JurisdictionProfilesTest {

    private final JurisdictionDirectory directory = new JurisdictionDirectory();

    @Test
    void everyContractJurisdictionHasAValidProfile() {
        assertEquals(JurisdictionProfiles.IDS.stream().sorted().toList(), directory.all());
    }

    @Test
    void countriesMapToTheirRegime() {
        assertEquals("GDPR", directory.jurisdictionOf("DE", null));
        assertEquals("UK_GDPR", directory.jurisdictionOf("GB", null));
        assertEquals("CCPA", directory.jurisdictionOf("US", "US-CA"));
        assertEquals("US", directory.jurisdictionOf("US", "US-TX"));
        assertEquals("US", directory.jurisdictionOf("US", null));
        assertEquals("PDPL_SA", directory.jurisdictionOf("SA", null));
        assertEquals("DPDP", directory.jurisdictionOf("IN", null));
        assertEquals("KVKK", directory.jurisdictionOf("TR", null));
        assertEquals("PDPL_AE", directory.jurisdictionOf("AE", null));
        assertEquals("PDPA_MY", directory.jurisdictionOf("MY", null));
        assertEquals("PDP_VN", directory.jurisdictionOf("VN", null));
        assertNull(directory.jurisdictionOf("NZ", null));
        assertEquals(List.of("CCPA", "US"), directory.jurisdictionsIn("US"));
    }

    @Test
    void legalNumbersComeFromTheProfiles() {
        JurisdictionProfile gdpr = directory.profile("GDPR").orElseThrow();
        assertEquals(Period.ofMonths(1), Period.parse(gdpr.rightsRequest().deadline()));
        assertEquals(Period.ofMonths(2), Period.parse(gdpr.rightsRequest().extension()));
        assertEquals(72, gdpr.breachNotification().hours());
        assertEquals(16, gdpr.ageOfDigitalConsent().forCountry("DE"));
        assertEquals(15, gdpr.ageOfDigitalConsent().forCountry("FR"));
        assertEquals(14, gdpr.ageOfDigitalConsent().forCountry("ES"));
        assertEquals(13, gdpr.ageOfDigitalConsent().forCountry("BE"));
        JurisdictionProfile ccpa = directory.profile("CCPA").orElseThrow();
        assertEquals(Period.ofDays(45), Period.parse(ccpa.rightsRequest().deadline()));
        assertEquals(
                13, directory.profile("US").orElseThrow().ageOfDigitalConsent().forCountry("US"));
        assertTrue(directory.profile("PDPL_SA").orElseThrow().residency().inCountryOnly());
        assertTrue(
                directory.profile("PDPL_SA").orElseThrow().residency().source().startsWith("Charter's default"),
                "Art. 29 permits transfers: in-country storage is Charter's choice, not the law's");
    }

    @Test
    void aProfileWithoutSourcesIsRefused() {
        JurisdictionProfile broken = new JurisdictionProfile(
                "XX",
                "Broken",
                List.of("XX"),
                null,
                new JurisdictionProfile.RightsRequest("P30D", "P0D", ""),
                new JurisdictionProfile.AgeOfConsent(13, Map.of(), "law"),
                new JurisdictionProfile.BreachNotification(72, "law"),
                new JurisdictionProfile.Residency(false, List.of(), "law"),
                unrestricted(),
                new JurisdictionProfile.Retention(30, "law"),
                new JurisdictionProfile.Flag(true, "law"),
                new JurisdictionProfile.Named("x", "law"),
                "2020-01-01",
                "2026-12-07",
                new JurisdictionProfile.LogRetention(null, "law"),
                null);
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> JurisdictionProfiles.validate("XX.json", "XX", broken));
        assertTrue(refused.getMessage().contains("rightsRequest"), refused.getMessage());
    }

    @Test
    void aProfileWithoutItsDatesOrLogRuleIsRefused() {
        JurisdictionProfile gdpr = directory.profile("GDPR").orElseThrow();
        assertRefused(dated(gdpr, null, "2026-12-07", gdpr.logRetention()), "effectiveFrom");
        assertRefused(dated(gdpr, "2018-05-25", null, gdpr.logRetention()), "reviewedAt");
        assertRefused(dated(gdpr, "2018-05-25", "7 Dec 2026", gdpr.logRetention()), "reviewedAt");
        assertRefused(dated(gdpr, "2018-05-25", "2026-12-07", null), "logRetention");
        assertRefused(
                dated(gdpr, "2018-05-25", "2026-12-07", new JurisdictionProfile.LogRetention("six months", "law")),
                "logRetention");
        assertRefused(
                dated(gdpr, "2018-05-25", "2026-12-07", new JurisdictionProfile.LogRetention("P6M", " ")),
                "logRetention");
        JurisdictionProfiles.validate(
                "GDPR.json",
                "GDPR",
                dated(gdpr, "2018-05-25", "2026-12-07", new JurisdictionProfile.LogRetention("P6M", "law")));
    }

    private static void assertRefused(JurisdictionProfile profile, String field) {
        IllegalStateException refused = assertThrows(
                IllegalStateException.class, () -> JurisdictionProfiles.validate("GDPR.json", "GDPR", profile));
        assertTrue(refused.getMessage().contains("'" + field + "'"), refused.getMessage());
    }

    private static JurisdictionProfile dated(
            JurisdictionProfile p, String effectiveFrom, String reviewedAt, JurisdictionProfile.LogRetention logs) {
        return new JurisdictionProfile(
                p.id(),
                p.name(),
                p.countries(),
                p.subdivisions(),
                p.rightsRequest(),
                p.ageOfDigitalConsent(),
                p.breachNotification(),
                p.residency(),
                p.transfers(),
                p.defaultRetention(),
                p.e2eeAllowed(),
                p.contentRuleSet(),
                effectiveFrom,
                reviewedAt,
                logs,
                p.dataProtectionOfficer(),
                p.minors());
    }

    @Test
    void everyProfileSaysWhatItsLawAllowsForTransfers() {
        JurisdictionProfile.Transfers gdpr =
                directory.profile("GDPR").orElseThrow().transfers();
        assertTrue(gdpr.restricted());
        assertEquals(
                List.of("UK_GDPR", "APPI"),
                gdpr.adequacy().stream().map(JurisdictionProfile.Adequacy::to).toList());
        assertEquals(List.of("US", "CCPA"), gdpr.mechanism("dpf").orElseThrow().to());
        assertTrue(gdpr.mechanism("scc").orElseThrow().source().contains("2021/914"));
        assertFalse(directory.profile("CCPA").orElseThrow().transfers().restricted());
        assertFalse(directory.profile("US").orElseThrow().transfers().restricted());
        JurisdictionProfile.Transfers dpdp =
                directory.profile("DPDP").orElseThrow().transfers();
        assertFalse(dpdp.restricted());
        assertTrue(dpdp.blockedCountries().source().contains("s. 16"));
        JurisdictionProfile.Transfers pipl =
                directory.profile("PIPL").orElseThrow().transfers();
        assertEquals(
                List.of("security_assessment", "certification", "standard_contract"),
                pipl.mechanisms().stream()
                        .map(JurisdictionProfile.Mechanism::id)
                        .toList());
        assertEquals("separate_consent", pipl.alsoRequired().get(0).id());
    }

    @Test
    void aProfileWithoutTransfersIsRefused() {
        assertTransfersRefused(null, "'transfers'");
    }

    @Test
    void aMechanismWithoutSourceIsRefused() {
        assertTransfersRefused(
                restricted(List.of(), List.of(new JurisdictionProfile.Mechanism("scc", List.of("*"), " "))),
                "mechanism 'scc' has no 'source'");
    }

    @Test
    void anUnknownDestinationIsRefused() {
        assertTransfersRefused(
                restricted(List.of(new JurisdictionProfile.Adequacy("CH", "FADP")), List.of()),
                "destination 'CH', which is not a jurisdiction id");
        assertTransfersRefused(
                restricted(List.of(), List.of(new JurisdictionProfile.Mechanism("dpf", List.of("USA"), "law"))),
                "destination 'USA', which is not a jurisdiction id");
    }

    @Test
    void anUnrestrictedLawListsNoMechanisms() {
        assertTransfersRefused(
                new JurisdictionProfile.Transfers(
                        false,
                        "law",
                        List.of(),
                        List.of(new JurisdictionProfile.Mechanism("scc", List.of("*"), "law")),
                        null,
                        null),
                "restricted=false");
    }

    @Test
    void everyProfileSaysWhatAnUnknownAgeMeansAndCitesItsMinorsRules() {
        JurisdictionDirectory directory = new JurisdictionDirectory();
        for (JurisdictionProfile profile : directory.profiles()) {
            JurisdictionProfile.Minors minors = profile.minors();
            assertTrue(minors != null && minors.unknownAgePending().source() != null, profile.id());
        }
        assertTrue(directory
                .profile("DPDP")
                .orElseThrow()
                .minors()
                .unknownAgePending()
                .value());
        assertTrue(directory.profile("DPDP").orElseThrow().minors().barred("analytics"));
        assertTrue(directory
                .profile("UK_GDPR")
                .orElseThrow()
                .minors()
                .unknownAgePending()
                .value());
        assertTrue(directory
                .profile("US")
                .orElseThrow()
                .minors()
                .unknownAgePending()
                .childDirectedOnlyOrFalse());
        assertFalse(directory
                .profile("GDPR")
                .orElseThrow()
                .minors()
                .unknownAgePending()
                .value());

        JurisdictionProfile gdpr = directory.profile("GDPR").orElseThrow();
        JurisdictionProfile silent = new JurisdictionProfile(
                gdpr.id(),
                gdpr.name(),
                gdpr.countries(),
                gdpr.subdivisions(),
                gdpr.rightsRequest(),
                gdpr.ageOfDigitalConsent(),
                gdpr.breachNotification(),
                gdpr.residency(),
                gdpr.transfers(),
                gdpr.defaultRetention(),
                gdpr.e2eeAllowed(),
                gdpr.contentRuleSet(),
                gdpr.effectiveFrom(),
                gdpr.reviewedAt(),
                gdpr.logRetention(),
                gdpr.dataProtectionOfficer());
        IllegalStateException refused = assertThrows(
                IllegalStateException.class, () -> JurisdictionProfiles.validate("GDPR.json", "GDPR", silent));
        assertTrue(refused.getMessage().contains("minors.unknownAgePending"), refused.getMessage());
    }

    private static void assertTransfersRefused(JurisdictionProfile.Transfers transfers, String expected) {
        JurisdictionProfile gdpr = new JurisdictionDirectory().profile("GDPR").orElseThrow();
        JurisdictionProfile changed = new JurisdictionProfile(
                gdpr.id(),
                gdpr.name(),
                gdpr.countries(),
                gdpr.subdivisions(),
                gdpr.rightsRequest(),
                gdpr.ageOfDigitalConsent(),
                gdpr.breachNotification(),
                gdpr.residency(),
                transfers,
                gdpr.defaultRetention(),
                gdpr.e2eeAllowed(),
                gdpr.contentRuleSet(),
                gdpr.effectiveFrom(),
                gdpr.reviewedAt(),
                gdpr.logRetention(),
                gdpr.dataProtectionOfficer(),
                gdpr.minors());
        JurisdictionProfiles.validate("GDPR.json", "GDPR", gdpr);
        IllegalStateException refused = assertThrows(
                IllegalStateException.class, () -> JurisdictionProfiles.validate("GDPR.json", "GDPR", changed));
        assertTrue(refused.getMessage().contains("transfers"), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    private static JurisdictionProfile.Transfers restricted(
            List<JurisdictionProfile.Adequacy> adequacy, List<JurisdictionProfile.Mechanism> mechanisms) {
        return new JurisdictionProfile.Transfers(true, "law", adequacy, mechanisms, null, null);
    }

    private static JurisdictionProfile.Transfers unrestricted() {
        return new JurisdictionProfile.Transfers(false, "law", List.of(), List.of(), null, null);
    }
}
