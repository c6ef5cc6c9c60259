package dev.charter.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The policy in every language of the markets Charter serves, each saying the same thing. */
class PolicyTranslationsTest {

    /** The EU, the US, India, Saudi Arabia, Indonesia, Thailand, Malaysia, Turkey, Vietnam, Brazil, Japan, China. */
    private static final List<String> MARKET_LOCALES = List.of(
            "en-US", "de-DE", "fr-FR", "es-ES", "pt-BR", "hi-IN", "ar-SA", "id-ID", "th-TH", "ms-MY", "tr-TR", "vi-VN",
            "ja-JP", "zh-CN");

    private final PrivacyPolicy policy = new PrivacyPolicy();

    @Test
    void everyMarketLanguageHasAVerifiedTranslation() {
        for (String locale : MARKET_LOCALES) {
            assertTrue(policy.hasLocale(locale), locale);
            assertEquals(locale, policy.text(locale).getKey());
        }
    }

    @Test
    void everyTranslationNamesTheVersionAndTheSamePurposesInTheSameOrder() {
        PrivacyPolicy.Document document = document();
        List<String> optional = policy.optionalPurposes();
        for (String locale : policy.locales()) {
            String text = policy.text(locale).getValue();
            assertTrue(text.contains(policy.version()), locale);
            List<String> mentioned = PrivacyPolicy.purposeMentions(document, text);
            assertEquals(optional, mentioned.stream().distinct().toList(), locale);
            assertEquals(
                    PrivacyPolicy.purposeMentions(
                            document, policy.text(policy.canonicalLocale()).getValue()),
                    mentioned,
                    locale);
        }
    }

    @Test
    void aTranslationThatDropsAPurposeIsRefused() {
        PrivacyPolicy.Document document = document();
        Map<String, String> texts = new HashMap<>(document.texts());
        Map<String, String> hashes = new HashMap<>(document.translations());
        String dropped = texts.get("th-TH").replace("marketing (ข่าวสารเกี่ยวกับผลิตภัณฑ์), ", "");
        texts.put("th-TH", dropped);
        hashes.put("th-TH", PrivacyPolicy.sha256(dropped));
        IllegalStateException refused = assertThrows(
                IllegalStateException.class, () -> PrivacyPolicy.validate(withTexts(document, texts, hashes)));
        assertTrue(refused.getMessage().contains("th-TH"), refused.getMessage());
    }

    @Test
    void aTranslationOfAnotherVersionIsRefused() {
        PrivacyPolicy.Document document = document();
        Map<String, String> texts = new HashMap<>(document.texts());
        Map<String, String> hashes = new HashMap<>(document.translations());
        String old = texts.get("vi-VN").replace(document.version(), "2026-11-01");
        texts.put("vi-VN", old);
        hashes.put("vi-VN", PrivacyPolicy.sha256(old));
        assertThrows(IllegalStateException.class, () -> PrivacyPolicy.validate(withTexts(document, texts, hashes)));
    }

    @Test
    void aTextWithoutADeclaredHashIsRefused() {
        PrivacyPolicy.Document document = document();
        Map<String, String> hashes = new HashMap<>(document.translations());
        hashes.remove("ar-SA");
        assertThrows(
                IllegalStateException.class,
                () -> PrivacyPolicy.validate(withTexts(document, document.texts(), hashes)));
    }

    private PrivacyPolicy.Document document() {
        Map<String, String> texts = policy.locales().stream()
                .collect(Collectors.toMap(l -> l, l -> policy.text(l).getValue()));
        Map<String, String> hashes = texts.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> PrivacyPolicy.sha256(e.getValue())));
        return new PrivacyPolicy.Document(policy.version(), policy.canonicalLocale(), policy.purposes(), texts, hashes);
    }

    private static PrivacyPolicy.Document withTexts(
            PrivacyPolicy.Document document, Map<String, String> texts, Map<String, String> hashes) {
        return new PrivacyPolicy.Document(
                document.version(), document.canonicalLocale(), document.purposes(), texts, hashes);
    }
}
