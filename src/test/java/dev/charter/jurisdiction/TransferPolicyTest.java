package dev.charter.jurisdiction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transfer law as data: adequacy by itself, every other mechanism only when declared in place. */
class TransferPolicyTest {

    private static final JurisdictionDirectory JURISDICTIONS = new JurisdictionDirectory();
    private static final RegionCountries REGIONS = RegionCountries.load();

    private static TransferPolicy policy(String... inPlace) {
        return new TransferPolicy(
                JURISDICTIONS, REGIONS, TransfersInPlace.parse(Arrays.asList(inPlace), JURISDICTIONS));
    }

    private static TransferDecision.Permitted permitted(TransferDecision decision) {
        return assertInstanceOf(TransferDecision.Permitted.class, decision, decision.toString());
    }

    private static TransferDecision.Refused refused(TransferDecision decision) {
        return assertInstanceOf(TransferDecision.Refused.class, decision, decision.toString());
    }

    @Test
    void gdprToTheUsIsRefusedWithoutADeclaredMechanism() {
        TransferDecision.Refused refused = refused(policy().decide("GDPR", "us-east-1"));
        assertEquals("US", refused.toCountry());
        assertEquals(List.of("CCPA", "US"), refused.toJurisdictions());
        assertTrue(refused.reason().contains("GDPR"), refused.reason());
        assertTrue(refused.reason().contains("us-east-1"), refused.reason());
        assertEquals(
                List.of("dpf", "scc", "bcr", "consent"),
                refused.wouldCover().stream()
                        .map(JurisdictionProfile.Mechanism::id)
                        .toList());
        assertFalse(refused.allowed());
    }

    @Test
    void gdprToTheUsIsPermittedUnderTheDeclaredDpfOrScc() {
        TransferDecision.Permitted dpf = permitted(policy("GDPR:US:dpf").decide("GDPR", "us-west-2"));
        assertEquals("dpf", dpf.mechanism());
        assertTrue(dpf.source().contains("2023/1795"), dpf.source());

        TransferDecision.Permitted scc = permitted(policy("GDPR:*:scc").decide("GDPR", "us-east-1"));
        assertEquals("scc", scc.mechanism());
        assertTrue(scc.source().contains("Art. 46(2)(c)"), scc.source());

        // The first declaration that covers the route wins; the order is the operator's.
        assertEquals(
                "dpf",
                permitted(policy("GDPR:CCPA:dpf", "GDPR:*:scc").decide("GDPR", "us-west-1"))
                        .mechanism());
    }

    @Test
    void gdprAndTheUkAndJapanTransferUnderAdequacyWithNothingDeclared() {
        TransferPolicy policy = policy();
        TransferDecision.Permitted toUk = permitted(policy.decide("GDPR", "eu-west-2"));
        assertEquals("adequacy", toUk.mechanism());
        assertTrue(toUk.source().contains("2021/1772"), toUk.source());
        TransferDecision.Permitted toEu = permitted(policy.decide("UK_GDPR", "eu-central-1"));
        assertEquals("adequacy", toEu.mechanism());
        assertTrue(toEu.source().contains("Sch. 21"), toEu.source());
        TransferDecision.Permitted toJapan = permitted(policy.decide("GDPR", "ap-northeast-1"));
        assertEquals("adequacy", toJapan.mechanism());
        assertTrue(toJapan.source().contains("2019/419"), toJapan.source());
        TransferDecision.Permitted fromJapan = permitted(policy.decide("APPI", "eu-west-1"));
        assertEquals("adequacy", fromJapan.mechanism());
        assertTrue(fromJapan.source().contains("Art. 28"), fromJapan.source());
    }

    @Test
    void piplRefusesEveryDestinationUntilAnArt38MechanismIsDeclared() {
        for (String region : List.of("eu-central-1", "us-east-1", "ap-southeast-1", "me-central-1")) {
            TransferDecision.Refused refused = refused(policy("GDPR:*:scc").decide("PIPL", region));
            assertEquals(
                    List.of("security_assessment", "certification", "standard_contract"),
                    refused.wouldCover().stream()
                            .map(JurisdictionProfile.Mechanism::id)
                            .toList());
        }
        TransferDecision.Permitted contract =
                permitted(policy("PIPL:*:standard_contract").decide("PIPL", "us-east-1"));
        assertEquals("standard_contract", contract.mechanism());
        assertEquals("separate_consent", contract.alsoRequired().get(0).id(), "PIPL Art. 39 comes on top");
        assertTrue(contract.alsoRequired().get(0).source().contains("Art. 39"));

        TransferPolicy toEuOnly = policy("PIPL:GDPR:security_assessment");
        assertEquals(
                "security_assessment",
                permitted(toEuOnly.decide("PIPL", "eu-central-1")).mechanism());
        refused(toEuOnly.decide("PIPL", "us-east-1"));
    }

    @Test
    void noTransferInsideTheJurisdiction() {
        TransferPolicy policy = policy();
        assertInstanceOf(TransferDecision.NoTransfer.class, policy.decide("GDPR", "eu-west-1"));
        assertInstanceOf(TransferDecision.NoTransfer.class, policy.decide("GDPR", "eu-central-1"));
        assertInstanceOf(TransferDecision.NoTransfer.class, policy.decide("CCPA", "us-east-1"));
        assertInstanceOf(TransferDecision.NoTransfer.class, policy.decide("PIPL", "cn-north-1"));
        assertTrue(policy.decide("PIPL", "cn-northwest-1").allowed());
    }

    @Test
    void lawsWithoutTransferRestrictionsPermitAnyDestination() {
        TransferPolicy policy = policy();
        TransferDecision.Permitted ccpa = permitted(policy.decide("CCPA", "eu-central-1"));
        assertEquals("unrestricted", ccpa.mechanism());
        assertEquals(
                "unrestricted", permitted(policy.decide("US", "me-central-1")).mechanism());
        TransferDecision.Permitted dpdp = permitted(policy.decide("DPDP", "us-east-1"));
        assertEquals("unrestricted", dpdp.mechanism());
        assertTrue(dpdp.source().contains("s. 16"), dpdp.source());
    }

    @Test
    void aCountryWithoutProfileIsCoveredOnlyByMechanismsForAnyDestination() {
        TransferDecision.Refused refused = refused(policy("GDPR:US:dpf").decide("GDPR", "il-central-1"));
        assertEquals("IL", refused.toCountry());
        assertEquals(List.of(), refused.toJurisdictions());
        assertTrue(refused.reason().contains("no jurisdiction profile"), refused.reason());
        assertFalse(refused.wouldCover().stream().anyMatch(m -> m.id().equals("dpf")), "dpf covers only the US");
        assertEquals(
                "scc",
                permitted(policy("GDPR:*:scc").decide("GDPR", "il-central-1")).mechanism());
    }

    @Test
    void saudiDataLeavesTheKingdomOnlyUnderADeclaredSafeguard() {
        refused(policy().decide("PDPL_SA", "eu-central-1"));
        assertEquals(
                "bcr",
                permitted(policy("PDPL_SA:*:bcr").decide("PDPL_SA", "eu-central-1"))
                        .mechanism());
    }

    @Test
    void anUnknownRegionIsRefused() {
        TransferDecision.Refused refused = refused(policy("GDPR:*:scc").decide("GDPR", "local"));
        assertTrue(refused.reason().contains("regions.json"), refused.reason());
        assertThrows(IllegalArgumentException.class, () -> policy().decide("XX", "eu-central-1"));
    }

    @Test
    void declarationsTheLawDoesNotOfferStopStartUp() {
        assertRefusedDeclaration("EU:*:scc", "EU, which is not a jurisdiction id");
        assertRefusedDeclaration("GDPR:USA:scc", "USA, which is neither a jurisdiction id nor *");
        assertRefusedDeclaration("GDPR:*:standard_contract", "GDPR offers no mechanism 'standard_contract'");
        assertRefusedDeclaration("GDPR:*:dpf", "GDPR offers 'dpf' only for US, CCPA");
        assertRefusedDeclaration("GDPR:PIPL:dpf", "only for US, CCPA");
        assertRefusedDeclaration("PIPL:*:scc", "it offers security_assessment, certification, standard_contract");
        assertRefusedDeclaration("CCPA:*:scc", "it offers none");
        assertRefusedDeclaration("GDPR:GDPR:scc", "within one jurisdiction");
        assertRefusedDeclaration("GDPR-scc", "is not FROM:TO:MECHANISM");
        assertRefusedDeclaration("GDPR:*:", "is not FROM:TO:MECHANISM");
        IllegalStateException both = assertThrows(
                IllegalStateException.class,
                () -> TransfersInPlace.parse(List.of("GDPR:*:dpf", "EU:*:scc"), JURISDICTIONS));
        assertTrue(
                both.getMessage().contains("GDPR:*:dpf") && both.getMessage().contains("EU:*:scc"), both.getMessage());
    }

    @Test
    void validDeclarationsAreRead() {
        assertEquals(
                List.of(
                        new TransfersInPlace.Declared("GDPR", "*", "scc"),
                        new TransfersInPlace.Declared("PIPL", "GDPR", "standard_contract"),
                        new TransfersInPlace.Declared("UK_GDPR", "CCPA", "uk_extension")),
                TransfersInPlace.parse(
                        List.of(
                                " GDPR:*:scc",
                                "PIPL:GDPR:standard_contract",
                                "",
                                "UK_GDPR:CCPA:uk_extension",
                                "GDPR:*:scc"),
                        JURISDICTIONS));
        assertEquals(List.of(), TransfersInPlace.parse(List.of(), JURISDICTIONS));
    }

    private static void assertRefusedDeclaration(String entry, String expected) {
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> TransfersInPlace.parse(List.of(entry), JURISDICTIONS));
        assertTrue(refused.getMessage().contains(TransfersInPlace.KEY), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }
}
