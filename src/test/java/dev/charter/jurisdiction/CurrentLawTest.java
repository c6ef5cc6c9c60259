package dev.charter.jurisdiction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Period;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rules the profiles state, as the statutes read at the last review. Each assertion pins a value that was
 * once wrong here, so putting the old value back fails.
 */
class CurrentLawTest {

    private final JurisdictionDirectory directory = new JurisdictionDirectory();

    private JurisdictionProfile profile(String id) {
        return directory.profile(id).orElseThrow();
    }

    private JurisdictionProfile.BreachClock clock(String profile, String id) {
        return profile(profile).breachNotification().clocks().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(profile + " has no clock " + id));
    }

    @Test
    void californiaCountsThirtyDaysUnderSb446AndCitesItsSecurityDuty() {
        JurisdictionProfile ccpa = profile("CCPA");
        assertNull(ccpa.breachNotification().hours(), "no regulator window runs from discovery");
        assertTrue(
                ccpa.breachNotification().source().contains("SB 446"),
                ccpa.breachNotification().source());
        assertFalse(ccpa.breachNotification().source().contains("no fixed hours"));
        JurisdictionProfile.BreachClock residents = clock("CCPA", "individuals");
        assertEquals("calendar_days", residents.unit());
        assertEquals(30, residents.amount());
        JurisdictionProfile.BreachClock sample = clock("CCPA", "attorney_general");
        assertEquals("individuals", sample.from());
        assertEquals(15, sample.amount());
        assertEquals(500, sample.minAffected());
        assertTrue(
                ccpa.e2eeAllowed().source().contains("1798.81.5"),
                ccpa.e2eeAllowed().source());
        assertTrue(ccpa.e2eeAllowed().source().contains("1798.100(e)"));
        assertFalse(ccpa.e2eeAllowed().source().contains("1798.150"), "1798.150 is the private right of action");
    }

    @Test
    void theThirtyDayStatesEachRunTheirOwnClock() {
        for (String state : List.of("ny", "co", "fl", "wa", "me")) {
            JurisdictionProfile.BreachClock residents = clock("US", "individuals_" + state);
            assertEquals("calendar_days", residents.unit(), state);
            assertEquals(30, residents.amount(), state);
            assertEquals("aware", residents.from(), state);
            assertTrue(residents.condition() != null && !residents.condition().isBlank(), state);
        }
        assertTrue(clock("US", "individuals_ny").source().contains("899-aa(2)"));
        assertEquals("individuals_ny", clock("US", "regulators_ny").from());
        assertTrue(clock("US", "regulators_ny").source().contains("Department of Financial Services"));
        assertEquals(499, clock("US", "attorney_general_co").minAffected(), "500 or more");
        assertEquals(499, clock("US", "attorney_general_fl").minAffected(), "500 or more");
        assertEquals(500, clock("US", "attorney_general_wa").minAffected(), "more than 500");
        assertEquals(249, clock("US", "attorney_general_tx").minAffected(), "at least 250");
        assertEquals(30, clock("US", "attorney_general_tx").amount());
    }

    @Test
    void piplNamesTheCacMeasuresAndTheLawsBehindItsE2eeRule() {
        JurisdictionProfile pipl = profile("PIPL");
        JurisdictionProfile.BreachClock major = clock("PIPL", "regulator_major");
        assertEquals(4, major.amount());
        assertEquals("hours", major.unit());
        assertTrue(major.source().contains("Incident Reporting Management Measures"), major.source());
        assertTrue(major.source().contains("1 Nov 2025"));
        assertFalse(pipl.e2eeAllowed().value());
        String e2ee = pipl.e2eeAllowed().source();
        assertTrue(e2ee.contains("Counter-Terrorism Law") && e2ee.contains("Art. 18"), e2ee);
        assertTrue(e2ee.contains("Arts. 28 and 47"), e2ee);
        assertFalse(e2ee.startsWith("Cryptography Law"), "the Cryptography Law bans no user encryption");
    }

    @Test
    void saudiArticlesAreTheOnesThatSayIt() {
        JurisdictionProfile sa = profile("PDPL_SA");
        assertTrue(sa.rightsRequest().source().contains("Implementing Regulation Art. 3(1)(a)"));
        assertFalse(sa.rightsRequest().source().contains("Art. 4(3)"));
        assertTrue(sa.ageOfDigitalConsent().source().contains("Implementing Regulation Art. 13"));
        assertFalse(sa.ageOfDigitalConsent().source().contains("Art. 11"));
        assertTrue(
                sa.residency().source().contains("Art. 29 permits transfers"),
                sa.residency().source());
        assertTrue(sa.transfers().source().contains("permitted"), sa.transfers().source());
        assertTrue(ResidencyTable.load().inCountry("SA").orElseThrow().source().startsWith("Charter's default"));
    }

    @Test
    void indiaRunsOnTheItRulesAndCertInUntilTheDpdpRulesApply() {
        JurisdictionProfile dpdp = profile("DPDP");
        assertEquals(Period.ofDays(15), Period.parse(dpdp.rightsRequest().deadline()));
        assertTrue(dpdp.rightsRequest().source().contains("r. 3(2)"));
        assertTrue(dpdp.rightsRequest().source().contains("13 May 2027"));
        assertEquals(6, dpdp.breachNotification().hours(), "CERT-In's 6 hours are the window in force");
        assertEquals(6, clock("DPDP", "cert").amount());
        assertEquals(72, clock("DPDP", "board_report").amount());
        assertTrue(clock("DPDP", "board_report").source().contains("from 13 May 2027"));
    }

    @Test
    void japanReportsOnlyReportableBreachesAndCitesTheInformationDistributionPlatformAct() {
        JurisdictionProfile appi = profile("APPI");
        assertEquals(720, appi.breachNotification().hours());
        for (String id : List.of("regulator", "final_report", "individuals")) {
            assertTrue(clock("APPI", id).condition().contains("Art. 7"), id);
        }
        assertEquals(60, clock("APPI", "final_report_malicious").amount());
        assertTrue(clock("APPI", "individuals").source().contains("Art. 10"));
        assertTrue(appi.contentRuleSet().source().startsWith("Information Distribution Platform Act"));
    }

    @Test
    void sourcesNameTheTextsInForce() {
        assertTrue(profile("UK_GDPR").rightsRequest().source().contains("Art. 12A"));
        assertTrue(profile("LGPD").contentRuleSet().source().contains("STF"));
        assertTrue(profile("PDP_ID").contentRuleSet().source().contains("Regulation 5/2020"));
        assertTrue(profile("PDP_ID").contentRuleSet().source().contains("Law 1/2024"));
    }

    @Test
    void singaporeNotifiesOnlyNotifiableBreaches() {
        assertTrue(clock("PDPA_SG", "regulator").condition().contains("500 or more"));
    }

    @Test
    void minimumLogRetentionIsKeptApartFromMessageRetention() {
        assertEquals(
                Optional.of(Period.ofYears(1)), profile("DPDP").logRetention().minimumPeriod());
        assertTrue(profile("DPDP").logRetention().source().contains("r. 8(3)"));
        assertTrue(profile("DPDP").logRetention().source().contains("180 days"));
        assertEquals(
                Optional.of(Period.ofMonths(6)), profile("LGPD").logRetention().minimumPeriod());
        assertTrue(profile("LGPD").logRetention().source().contains("Art. 15"));
        assertEquals(
                Optional.of(Period.ofMonths(6)), profile("PIPL").logRetention().minimumPeriod());
        assertTrue(profile("PIPL").logRetention().source().contains("Art. 21"));
        assertEquals(
                Optional.of(Period.ofDays(90)),
                profile("PDPA_TH").logRetention().minimumPeriod());
        assertEquals(
                Optional.of(Period.ofYears(1)), profile("KVKK").logRetention().minimumPeriod());
        assertEquals(Optional.empty(), profile("GDPR").logRetention().minimumPeriod());
        assertEquals(180, profile("PIPL").defaultRetention().days(), "message retention is its own field");
    }

    @Test
    void theNewProfilesStateTheirLaws() {
        JurisdictionProfile turkey = profile("KVKK");
        assertEquals(List.of("TR"), turkey.countries());
        assertEquals(72, turkey.breachNotification().hours());
        assertTrue(turkey.transfers().source().contains("7499"));
        assertTrue(turkey.transfers().mechanism("standard_contract").isPresent());
        assertEquals(Period.ofDays(30), Period.parse(turkey.rightsRequest().deadline()));

        JurisdictionProfile uae = profile("PDPL_AE");
        assertTrue(uae.name().contains("45 of 2021"));
        assertNull(uae.breachNotification().hours(), "the PDPL says immediately, with no hours");

        JurisdictionProfile malaysia = profile("PDPA_MY");
        assertEquals(72, clock("PDPA_MY", "regulator").amount());
        assertTrue(clock("PDPA_MY", "regulator").source().contains("s. 12B"));
        assertEquals("regulator", clock("PDPA_MY", "individuals").from());
        assertEquals(7, clock("PDPA_MY", "individuals").amount());
        assertTrue(malaysia.dataProtectionOfficer().value());
        assertTrue(malaysia.dataProtectionOfficer().source().contains("s. 12A"));
        assertEquals(Period.ofDays(21), Period.parse(malaysia.rightsRequest().deadline()));

        JurisdictionProfile vietnam = profile("PDP_VN");
        assertTrue(vietnam.name().contains("13/2023/ND-CP"));
        assertEquals(72, clock("PDP_VN", "regulator").amount());
        assertTrue(vietnam.transfers().mechanism("impact_assessment").isPresent());

        for (String id : List.of("KVKK", "PDPL_AE", "PDPA_MY", "PDP_VN")) {
            JurisdictionProfile p = profile(id);
            assertFalse(p.residency().inCountryOnly(), id);
            assertTrue(
                    List.of("tr", "ae", "my", "vn").contains(p.contentRuleSet().value()), id);
        }
    }

    @Test
    void theNewCountriesAreServedFromTheirRegionsOrNotYet() {
        ResidencyTable table = ResidencyTable.load();
        assertFalse(
                table.directory().containsKey("TR"),
                "no deployment serves Turkey until an operator assigns it a region and a KVKK Art. 9 safeguard");
        assertEquals("me-central-1", table.directory().get("AE"));
        assertEquals("ap-southeast-1", table.directory().get("MY"));
        assertEquals("ap-southeast-1", table.directory().get("VN"));
    }
}
