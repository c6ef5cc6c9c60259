package dev.charter.jurisdiction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The residency table the service and Terraform share: lawful as shipped, consistent with the profiles, and the
 * source of the countries a region serves.
 */
class ResidencyTableTest {

    private final JurisdictionDirectory jurisdictions = new JurisdictionDirectory();
    private final ResidencyTable table = ResidencyTable.load();

    @Test
    void theShippedTableAssignsEachRegionItsCountries() {
        assertEquals(List.of("AE", "SA"), table.countriesServedBy("me-central-1"));
        assertEquals(List.of("US"), table.countriesServedBy("us-east-1"));
        assertEquals(List.of("ID", "MY", "SG", "TH", "VN"), table.countriesServedBy("ap-southeast-1"));
        assertTrue(table.countriesServedBy("eu-central-1").containsAll(List.of("DE", "FR", "GB", "NO")));
        assertEquals(List.of(), table.countriesServedBy("local"));
        assertFalse(table.directory().containsKey("CN"), "no deployment serves CN");
        assertFalse(table.directory().containsKey("RU"), "no deployment serves RU");
        assertEquals(
                List.of("me-central-1"), table.inCountry("SA").orElseThrow().regions());
    }

    @Test
    void theTableAndTheProfilesAgreeAndEveryServedCountryHasAProfile() {
        table.checkAgainst(jurisdictions.profiles());
        for (String country : table.directory().keySet()) {
            assertFalse(jurisdictions.jurisdictionsIn(country).isEmpty(), country + " is served but has no profile");
        }
    }

    @Test
    void aCountryServedOutsideItsInCountryRegionsIsRefused() {
        ResidencyTable.InCountry pdpl = new ResidencyTable.InCountry(List.of("me-central-1"), "Saudi PDPL Art. 29: x");
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> ResidencyTable.of(Map.of("SA", new ResidencyTable.Entry("eu-west-1", pdpl))));
        assertTrue(refused.getMessage().contains("SA is served from eu-west-1"), refused.getMessage());

        ResidencyTable.InCountry russia = new ResidencyTable.InCountry(List.of(), "152-FZ Art. 18(5)");
        assertThrows(
                IllegalStateException.class,
                () -> ResidencyTable.of(Map.of("RU", new ResidencyTable.Entry("eu-central-1", russia))));
        ResidencyTable.of(Map.of("RU", new ResidencyTable.Entry(null, russia)));
    }

    @Test
    void aCountryListedTwiceIsRefused() {
        String twice = """
                {"countries": {"DE": {"region": "eu-central-1"}, "DE": {"region": "us-east-1"}}}
                """;
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> ResidencyTable.parse(new ByteArrayInputStream(twice.getBytes(StandardCharsets.UTF_8))));
        assertTrue(refused.getMessage().contains("Duplicate field 'DE'"), refused.getMessage());
    }

    @Test
    void badCodesAndRulesWithoutStatuteAreRefused() {
        assertThrows(
                IllegalStateException.class,
                () -> ResidencyTable.of(Map.of("de", new ResidencyTable.Entry("eu-central-1", null))));
        assertThrows(
                IllegalStateException.class,
                () -> ResidencyTable.of(Map.of("DE", new ResidencyTable.Entry("frankfurt", null))));
        assertThrows(
                IllegalStateException.class,
                () -> ResidencyTable.of(Map.of(
                        "SA",
                        new ResidencyTable.Entry(
                                "me-central-1", new ResidencyTable.InCountry(List.of("me-central-1"), " ")))));
    }

    @Test
    void aProfileThatDisagreesWithTheTableIsRefused() {
        JurisdictionProfile saudiWithoutResidency =
                withResidency(jurisdictions.profile("PDPL_SA").orElseThrow(), false);
        assertThrows(IllegalStateException.class, () -> table.checkAgainst(List.of(saudiWithoutResidency)));

        JurisdictionProfile germanyInCountry =
                withResidency(jurisdictions.profile("GDPR").orElseThrow(), true);
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> table.checkAgainst(List.of(germanyInCountry)));
        assertTrue(refused.getMessage().contains("no inCountry rule for AT"), refused.getMessage());
    }

    @Test
    void theRegionServesTheTablesCountriesUnlessTheyAreSetExplicitly() {
        RegionConfig saudi = new RegionConfig("me-central-1", Optional.empty(), Optional.empty(), jurisdictions);
        assertEquals(List.of("AE", "SA"), saudi.countries());
        assertEquals("eu-central-1", saudi.regionDirectory().get("DE"));

        RegionConfig explicit = new RegionConfig(
                "local", Optional.of(List.of("DE", "FR")), Optional.of(List.of("CN=cn-north-1")), jurisdictions);
        assertEquals(List.of("DE", "FR"), explicit.countries());
        assertEquals("cn-north-1", explicit.regionDirectory().get("CN"));
        assertEquals("me-central-1", explicit.regionDirectory().get("SA"));

        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> new RegionConfig("eu-west-1", Optional.empty(), Optional.empty(), jurisdictions));
        assertTrue(refused.getMessage().contains("charter.region=eu-west-1"), refused.getMessage());
    }

    @Test
    void everyRegionOfTheTableHasACountry() {
        RegionCountries regions = RegionCountries.load();
        regions.checkCovers(table);
        assertEquals(Optional.of("DE"), regions.countryOf("eu-central-1"));
        assertEquals(Optional.of("AE"), regions.countryOf("me-central-1"));
        assertEquals(Optional.of("CN"), regions.countryOf("cn-northwest-1"));
        assertEquals(Optional.empty(), regions.countryOf("local"));
        assertTrue(table.regions().containsAll(List.of("eu-central-1", "cn-north-1", "me-central-1")));
    }

    @Test
    void aTableRegionWithoutCountryAndBadCodesAreRefused() {
        RegionCountries onlyFrankfurt = RegionCountries.of(Map.of("eu-central-1", "DE"));
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> onlyFrankfurt.checkCovers(table));
        assertTrue(refused.getMessage().contains("me-central-1"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> RegionCountries.of(Map.of("frankfurt", "DE")));
        assertThrows(IllegalStateException.class, () -> RegionCountries.of(Map.of("eu-central-1", "de")));
        String twice = """
                {"regions": {"eu-central-1": "DE", "eu-central-1": "FR"}}
                """;
        assertThrows(
                IllegalStateException.class,
                () -> RegionCountries.parse(new ByteArrayInputStream(twice.getBytes(StandardCharsets.UTF_8))));
    }

    private static JurisdictionProfile withResidency(JurisdictionProfile p, boolean inCountryOnly) {
        return new JurisdictionProfile(
                p.id(),
                p.name(),
                p.countries(),
                p.subdivisions(),
                p.rightsRequest(),
                p.ageOfDigitalConsent(),
                p.breachNotification(),
                new JurisdictionProfile.Residency(inCountryOnly, p.residency().transferDestinations(), "test"),
                p.transfers(),
                p.defaultRetention(),
                p.e2eeAllowed(),
                p.contentRuleSet(),
                p.effectiveFrom(),
                p.reviewedAt(),
                p.logRetention(),
                p.dataProtectionOfficer());
    }
}
