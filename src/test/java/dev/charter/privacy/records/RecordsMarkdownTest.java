package dev.charter.privacy.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.jurisdiction.JurisdictionProfile;
import dev.charter.privacy.PrivacyContacts;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsMarkdownTest {

    private static RecordsOfProcessing.Record record(PrivacyContacts.Party dpo, String description) {
        return new RecordsOfProcessing.Record(
                "PDP_ID",
                "Indonesia Personal Data Protection Law",
                "UU PDP (Law 27 of 2022) Art. 31",
                null,
                dpo,
                null,
                "2026-12-08",
                List.of(new RecordsOfProcessing.Purpose(
                        "analytics", description, true, "consent", null, List.of("usage events"), "until withdrawn")),
                List.of("Users"),
                List.of(new ProcessingFacts.Processor(
                        "Amazon Web Services", "hosting", "the region itself", List.of("analytics"), List.of("all"))),
                new RecordsOfProcessing.Transfers(
                        true,
                        "UU PDP Art. 56",
                        List.of(),
                        List.of(new JurisdictionProfile.Mechanism("scc", List.of("*"), "UU PDP Art. 56(3)")),
                        List.of(),
                        List.of(),
                        List.of()),
                new JurisdictionProfile.Retention(365, "Charter's default"),
                List.of("sealed at rest"));
    }

    @Test
    void everySectionOfTheRecord() {
        String md = RecordsMarkdown.render(new RecordsOfProcessing.Records(
                "2026-12-08T00:00:00Z", "ap-southeast-3", List.of(record(null, "Usage statistics"))));

        assertTrue(md.startsWith("# Records of processing activities\n\nRegion `ap-southeast-3`"), md);
        assertTrue(md.contains("## PDP_ID: Indonesia Personal Data Protection Law\n"), md);
        assertTrue(md.contains("- Record kept under: UU PDP (Law 27 of 2022) Art. 31\n"), md);
        assertTrue(md.contains("- Controller: not configured\n"), md);
        assertTrue(
                md.contains(
                        "| `analytics`: Usage statistics | consent (opt-in) | — | usage events | until withdrawn |\n"),
                md);
        assertTrue(md.contains("| Amazon Web Services | hosting | the region itself | analytics | all |\n"), md);
        assertTrue(md.contains("- Mechanisms the law offers: scc to * (UU PDP Art. 56(3))\n"), md);
        assertTrue(md.contains("- Mechanisms in place: —\n"), md);
        assertTrue(md.contains("Messages 365 days by default (Charter's default)"), md);
        assertTrue(md.contains("- sealed at rest\n"), md);
    }

    @Test
    void partsOfAPartyAndTableCellsStayInTheirPlace() {
        String md = RecordsMarkdown.render(new RecordsOfProcessing.Records(
                "2026-12-08T00:00:00Z",
                "ap-southeast-3",
                List.of(record(new PrivacyContacts.Party(null, "dpo@example.id", null), "a | b\nc"))));

        assertTrue(md.contains("- Data protection officer: dpo@example.id\n"), md);
        assertTrue(md.contains("| `analytics`: a \\| b c | consent"), md);
        assertEquals(
                1, md.lines().filter(line -> line.startsWith("| `analytics`")).count(), md);
    }
}
