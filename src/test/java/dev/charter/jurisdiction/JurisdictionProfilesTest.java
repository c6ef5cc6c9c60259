package dev.charter.jurisdiction;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                new JurisdictionProfile.Retention(30, "law"),
                new JurisdictionProfile.Flag(true, "law"),
                new JurisdictionProfile.Named("x", "law"));
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> JurisdictionProfiles.validate("XX.json", "XX", broken));
        assertTrue(refused.getMessage().contains("rightsRequest"), refused.getMessage());
    }
}
