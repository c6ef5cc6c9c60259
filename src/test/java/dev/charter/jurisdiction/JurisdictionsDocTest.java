package dev.charter.jurisdiction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** docs/jurisdictions.md is the profiles, rendered: it cannot drift from them. */
class JurisdictionsDocTest {

    @Test
    void theDocumentIsTheProfilesRendered() throws IOException {
        String rendered = JurisdictionsDoc.render();
        if (Boolean.getBoolean("charter.docs.write")) {
            Files.writeString(JurisdictionsDoc.FILE, rendered, StandardCharsets.UTF_8);
        }
        assertTrue(
                Files.exists(JurisdictionsDoc.FILE),
                "docs/jurisdictions.md is missing: run with -Dcharter.docs.write=true");
        assertEquals(
                rendered,
                Files.readString(JurisdictionsDoc.FILE, StandardCharsets.UTF_8),
                "docs/jurisdictions.md and the profiles disagree: run this test with -Dcharter.docs.write=true");
    }

    @Test
    void everyCitedFieldOfEveryProfileIsListedWithItsSource() {
        String rendered = JurisdictionsDoc.render();
        for (JurisdictionProfile p : new JurisdictionDirectory().profiles()) {
            assertTrue(rendered.contains("\n## " + p.id() + "\n"), p.id());
            assertTrue(rendered.contains("reviewed " + p.reviewedAt()), p.id());
            assertTrue(rendered.contains(p.rightsRequest().source()), p.id() + " rightsRequest");
            assertTrue(rendered.contains(p.logRetention().source()), p.id() + " logRetention");
            assertTrue(rendered.contains(p.e2eeAllowed().source().replace("|", "\\|")), p.id() + " e2eeAllowed");
            p.breachNotification()
                    .clocks()
                    .forEach(c -> assertTrue(
                            rendered.contains("`breachNotification.clocks[" + c.id() + "]`"),
                            p.id() + " clock " + c.id()));
            p.transfers()
                    .mechanismsOrEmpty()
                    .forEach(m -> assertTrue(
                            rendered.contains("`transfers.mechanisms[" + m.id() + "]`"),
                            p.id() + " mechanism " + m.id()));
        }
    }
}
