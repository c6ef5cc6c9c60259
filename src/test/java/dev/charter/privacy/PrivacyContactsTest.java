package dev.charter.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.jurisdiction.JurisdictionDirectory;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code charter.privacy.controller.*} and {@code charter.privacy.contacts."ID".*} as an operator sets them. */
class PrivacyContactsTest {

    private static final JurisdictionDirectory JURISDICTIONS = new JurisdictionDirectory();

    private static PrivacyContacts contacts(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        // Plain SmallRye reads ISO-8601 durations only; Quarkus adds the "1m" form the defaults use.
        all.put("charter.privacy.erasure-resume-interval", "PT1M");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(PrivacyConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 100))
                .build();
        return new PrivacyContacts(config.getConfigMapping(PrivacyConfig.class), JURISDICTIONS);
    }

    @Test
    void nothingConfiguredNamesNobody() {
        PrivacyContacts none = contacts(Map.of());
        assertNull(none.controller());
        assertTrue(none.of(JURISDICTIONS.all()).isEmpty());
    }

    @Test
    void contactsPerJurisdiction() {
        PrivacyContacts configured = contacts(Map.of(
                "charter.privacy.controller.name", "Operator GmbH",
                "charter.privacy.contacts.\"GDPR\".dpo-email", "dpo@example.com",
                "charter.privacy.contacts.\"UK_GDPR\".representative-name", "UK Rep Ltd",
                "charter.privacy.contacts.\"UK_GDPR\".representative-address", "1 High Street, London"));

        assertEquals("Operator GmbH", configured.controller().name());
        assertEquals(
                "dpo@example.com", configured.of("GDPR").orElseThrow().dpo().email());
        assertNull(configured.of("GDPR").orElseThrow().representative());
        assertEquals(
                "1 High Street, London",
                configured.of("UK_GDPR").orElseThrow().representative().address());
        assertEquals(
                List.of("UK_GDPR"),
                configured.of(List.of("CCPA", "UK_GDPR")).stream()
                        .map(PrivacyContacts.Contacts::jurisdiction)
                        .toList());
    }

    @Test
    void aContactForAnUnknownJurisdictionStopsStartUp() {
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> contacts(Map.of("charter.privacy.contacts.\"GDRP\".dpo-email", "dpo@example.com")));
        assertTrue(refused.getMessage().contains("GDRP"), refused.getMessage());
    }
}
