package dev.charter.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.jurisdiction.JurisdictionDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules themselves, without a server: evasions are caught, ordinary words are left alone. */
class ContentPolicyTest {

    private static final ContentPolicy POLICY = new ContentPolicy(new JurisdictionDirectory());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "kill yourself",
                "KILL YOURSELF",
                "Kill Yourself!",
                "k i l l yourself",
                "k.i.l.l y.o.u.r.s.e.l.f",
                "kill your\u200Bself",
                "k1ll y0urs3lf",
                "kіll уourself" /* Cyrillic і, у */,
                "ｋｉｌｌ ｙｏｕｒｓｅｌｆ" /* full width */,
                "kíll yoursélf",
                "go kys now"
            })
    void evasionsOfABlockedPhraseAreBlocked(String text) {
        PolicyDecision decision = POLICY.decide("GDPR", text);
        assertTrue(decision.blocked(), text);
        assertEquals("self_harm", decision.category());
        assertNull(decision.text(), "a blocked message keeps nothing");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a classic passage",
                "my assistant will assess the class",
                "skill yourself up",
                "Scunthorpe United",
                "the bass player",
                "it's hit or miss",
                "I am a gamer",
                "shiitake mushrooms",
                "Mississippi",
                "room 455",
                "call 455 5318",
                "order 5318008"
            })
    void ordinaryWordsContainingABannedSubstringAreAllowed(String text) {
        PolicyDecision decision = POLICY.decide("GDPR", text);
        assertEquals("allow", decision.action(), text);
        assertEquals(text, decision.text());
    }

    @Test
    void profanityIsMaskedInTheOriginalText() {
        assertEquals("what the ****", POLICY.decide("GDPR", "what the fuck").text());
        assertEquals(
                "**** happens, room 455",
                POLICY.decide("GDPR", "5h17 happens, room 455").text(),
                "leetspeak is read inside words, numbers are left alone");
        assertEquals("you ***", POLICY.decide("GDPR", "you a$$").text());
        assertEquals("oh **** it", POLICY.decide("GDPR", "oh SH!T it").text());
        PolicyDecision spaced = POLICY.decide("US", "f u c k this");
        assertEquals("mask", spaced.action());
        assertEquals("* * * * this", spaced.text());
    }

    @Test
    void harassmentIsFlaggedAndKept() {
        PolicyDecision decision = POLICY.decide("US", "you are an IDIOT");
        assertEquals("flag", decision.action());
        assertTrue(decision.flagged());
        assertEquals("harassment", decision.flagCategory());
        assertEquals("you are an IDIOT", decision.text());
    }

    @Test
    void maskedAndFlaggedTogether() {
        PolicyDecision decision = POLICY.decide("US", "shit, you idiot");
        assertEquals("mask", decision.action());
        assertEquals("****, you idiot", decision.text());
        assertEquals("harassment", decision.flagCategory());
    }

    @Test
    void jurisdictionSetsAddToTheDefaults() {
        assertTrue(POLICY.decide("GDPR", "Sieg Heil").blocked());
        assertEquals("extremism", POLICY.decide("GDPR", "sieg heil").category());
        assertFalse(POLICY.decide("US", "sieg heil").blocked(), "the EU set applies to EU users");
        assertTrue(POLICY.decide("PDPL_SA", "best online casino").flagged());
        assertFalse(POLICY.decide("GDPR", "best online casino").flagged());
        assertTrue(POLICY.decide("PDPL_SA", "kill yourself").blocked(), "the defaults apply everywhere");
        assertTrue(POLICY.decide(null, "kill yourself").blocked());
    }

    @Test
    void everyJurisdictionUsesTheSetItsProfileNames() {
        assertTrue(POLICY.decide("PDP_ID", "ayo main JUDI ONLINE").flagged());
        assertFalse(POLICY.decide("GDPR", "ayo main judi online").flagged());
        assertTrue(POLICY.decide("UK_GDPR", "go cut yourself").blocked());
        assertTrue(POLICY.decide("US", "I will sh00t you").blocked());
        assertTrue(POLICY.decide("CCPA", "i will shoot you").blocked(), "CCPA and US share the 'us' set");
        assertEquals("allow", POLICY.decide("APPI", "i will shoot you").action());
        assertEquals("child_safety", POLICY.decide("LGPD", "manda nudes").flagCategory());
        assertTrue(POLICY.decide("DPDP", "Satta Matka results").flagged());
        assertTrue(POLICY.decide("PDPA_TH", "you won a lucky draw!").flagged());
        assertTrue(POLICY.decide("PDPA_SG", "online casino").flagged());
        assertTrue(POLICY.decide("PIPL", "online casino").flagged());
        assertTrue(POLICY.decide("APPI", "online casino").flagged());
        assertTrue(POLICY.decide("KVKK", "kaçak bahis siteleri").flagged());
        assertTrue(POLICY.decide("PDPL_AE", "sports betting tips").flagged());
        assertTrue(POLICY.decide("PDPA_MY", "main judi online").flagged());
        assertTrue(POLICY.decide("PDP_VN", "cá độ bóng đá").flagged());
        assertFalse(POLICY.decide("GDPR", "cá độ bóng đá").flagged());
    }
}
