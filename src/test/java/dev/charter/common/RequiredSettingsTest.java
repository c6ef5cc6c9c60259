package dev.charter.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.LaunchMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which settings {@link RequiredSettings} demands, by launch mode and key provider (no application started). */
class RequiredSettingsTest {

    private static Map<String, String> complete(String provider) {
        Map<String, String> settings = new HashMap<>();
        settings.put("charter.keys.provider", provider);
        settings.put("charter.keys.receipt.private-key", "receipt-key-value");
        settings.put("charter.audit.checkpoint-key", "checkpoint-key-value");
        settings.put("mp.jwt.verify.audiences", "charter-api");
        settings.put("charter.ledger.s3-bucket", "bucket-value");
        return settings;
    }

    private static List<String> missing(Map<String, String> settings, LaunchMode mode) {
        return RequiredSettings.missing(name -> Optional.ofNullable(settings.get(name)), mode);
    }

    private static void assertMissingOnly(Map<String, String> settings, LaunchMode mode, String name) {
        List<String> missing = missing(settings, mode);
        assertEquals(1, missing.size(), missing.toString());
        assertTrue(missing.get(0).startsWith(name + " ("), missing.get(0));
    }

    @Test
    void prodWithEverySettingStarts() {
        assertEquals(List.of(), missing(complete("aws-kms"), LaunchMode.NORMAL));
        assertEquals(List.of(), missing(complete("local"), LaunchMode.NORMAL));
    }

    @Test
    void prodNamesEachMissingSetting() {
        for (String name : List.of("charter.keys.receipt.private-key", "mp.jwt.verify.audiences")) {
            for (String provider : List.of("local", "aws-kms")) {
                Map<String, String> settings = complete(provider);
                settings.remove(name);
                assertMissingOnly(settings, LaunchMode.NORMAL, name);
            }
        }
        Map<String, String> noLedger = complete("local");
        noLedger.remove("charter.ledger.s3-bucket");
        assertMissingOnly(noLedger, LaunchMode.NORMAL, "charter.ledger.dir or charter.ledger.s3-bucket");
        noLedger.put("charter.ledger.dir", "/var/lib/charter/ledger");
        assertEquals(List.of(), missing(noLedger, LaunchMode.NORMAL));
    }

    @Test
    void theCheckpointKeyIsRequiredOnAwsKmsOnly() {
        Map<String, String> settings = complete("aws-kms");
        settings.remove("charter.audit.checkpoint-key");
        assertMissingOnly(settings, LaunchMode.NORMAL, "charter.audit.checkpoint-key");
        // The local provider derives it from its master key (audit/CheckpointSigner).
        settings.put("charter.keys.provider", "local");
        assertEquals(List.of(), missing(settings, LaunchMode.NORMAL));
    }

    @Test
    void blankCountsAsMissingAndEveryMissingSettingIsNamedAtOnce() {
        Map<String, String> settings = new HashMap<>(Map.of("mp.jwt.verify.audiences", "  "));
        List<String> missing = missing(settings, LaunchMode.NORMAL);
        assertEquals(3, missing.size(), missing.toString());
        String message = RequiredSettings.message(missing);
        assertTrue(message.contains("charter.keys.receipt.private-key"), message);
        assertTrue(message.contains("mp.jwt.verify.audiences"), message);
        assertTrue(message.contains("charter.ledger.dir or charter.ledger.s3-bucket"), message);
    }

    @Test
    void devAndTestNeedNothingUnlessOnAwsKms() {
        assertEquals(List.of(), missing(Map.of(), LaunchMode.DEVELOPMENT));
        assertEquals(List.of(), missing(Map.of("charter.keys.provider", "local"), LaunchMode.TEST));
        List<String> onKms = missing(Map.of("charter.keys.provider", "aws-kms"), LaunchMode.TEST);
        assertEquals(4, onKms.size(), onKms.toString());
    }

    @Test
    void theMessageCarriesNoValue() {
        Map<String, String> settings = complete("aws-kms");
        settings.remove("mp.jwt.verify.audiences");
        String message = RequiredSettings.message(missing(settings, LaunchMode.NORMAL));
        for (String value : settings.values()) {
            assertTrue(!message.contains(value) || value.equals("aws-kms"), value);
        }
    }
}
