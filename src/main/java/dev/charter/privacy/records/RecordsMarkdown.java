package dev.charter.privacy.records;

import dev.charter.jurisdiction.JurisdictionProfile;
import dev.charter.privacy.PrivacyContacts;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The records of processing as a Markdown document a privacy officer can file or hand to a regulator. */
final class RecordsMarkdown {

    private static final String NONE = "—";

    private RecordsMarkdown() {}

    static String render(RecordsOfProcessing.Records records) {
        StringBuilder md = new StringBuilder();
        md.append("# Records of processing activities\n\n")
                .append("Region `")
                .append(records.region())
                .append("`, generated ")
                .append(records.generatedAt())
                .append(".\n");
        for (RecordsOfProcessing.Record record : records.records()) {
            section(md, record);
        }
        return md.toString();
    }

    private static void section(StringBuilder md, RecordsOfProcessing.Record r) {
        md.append("\n## ")
                .append(r.jurisdiction())
                .append(": ")
                .append(cell(r.law()))
                .append("\n\n");
        md.append("- Record kept under: ")
                .append(r.duty() == null ? "no statutory duty; kept for accountability" : r.duty())
                .append('\n');
        md.append("- Controller: ").append(party(r.controller())).append('\n');
        md.append("- Data protection officer: ").append(party(r.dpo())).append('\n');
        md.append("- Representative: ").append(party(r.representative())).append('\n');
        md.append("- Privacy policy version: ").append(r.policyVersion()).append('\n');

        md.append(
                "\n### Purposes\n\n| purpose | legal basis | provision | data categories | retention |\n| --- | --- | --- | --- | --- |\n");
        for (RecordsOfProcessing.Purpose p : r.purposes()) {
            md.append("| `")
                    .append(p.id())
                    .append("`: ")
                    .append(cell(p.description()))
                    .append(" | ")
                    .append(p.legalBasis())
                    .append(p.optional() ? " (opt-in)" : "")
                    .append(" | ")
                    .append(cell(p.legalBasisSource()))
                    .append(" | ")
                    .append(cell(String.join("; ", p.dataCategories())))
                    .append(" | ")
                    .append(cell(p.retention()))
                    .append(" |\n");
        }

        md.append("\n### Data subjects\n\n");
        r.dataSubjects().forEach(s -> md.append("- ").append(s).append('\n'));

        md.append(
                "\n### Recipients and processors\n\n| processor | service | location | purposes | data |\n| --- | --- | --- | --- | --- |\n");
        for (ProcessingFacts.Processor p : r.recipients()) {
            md.append("| ")
                    .append(cell(p.name()))
                    .append(" | ")
                    .append(cell(p.service()))
                    .append(" | ")
                    .append(cell(p.location()))
                    .append(" | ")
                    .append(String.join(", ", p.purposes()))
                    .append(" | ")
                    .append(cell(String.join("; ", p.dataCategories())))
                    .append(" |\n");
        }

        RecordsOfProcessing.Transfers t = r.transfers();
        md.append("\n### Transfers\n\n- Restricted by law: ")
                .append(t.restricted() ? "yes" : "no")
                .append(" (")
                .append(cell(t.source()))
                .append(")\n");
        md.append("- Adequacy: ")
                .append(
                        t.adequacy().isEmpty()
                                ? NONE
                                : t.adequacy().stream()
                                        .map(a -> a.to() + " (" + a.source() + ")")
                                        .collect(Collectors.joining("; ")))
                .append('\n');
        md.append("- Mechanisms the law offers: ")
                .append(
                        t.mechanisms().isEmpty()
                                ? NONE
                                : t.mechanisms().stream()
                                        .map(m -> m.id() + " to " + String.join(", ", m.to()) + " (" + m.source() + ")")
                                        .collect(Collectors.joining("; ")))
                .append('\n');
        md.append("- Mechanisms in place: ")
                .append(
                        t.inPlace().isEmpty()
                                ? NONE
                                : t.inPlace().stream()
                                        .map(i -> i.mechanism() + " to " + i.to())
                                        .collect(Collectors.joining(", ")))
                .append('\n');
        if (!t.alsoRequired().isEmpty()) {
            md.append("- Always also required: ")
                    .append(t.alsoRequired().stream()
                            .map(q -> q.id() + " (" + q.source() + ")")
                            .collect(Collectors.joining("; ")))
                    .append('\n');
        }
        if (!t.blockedCountries().isEmpty()) {
            md.append("- Blocked destinations: ")
                    .append(String.join(", ", t.blockedCountries()))
                    .append('\n');
        }

        JurisdictionProfile.Retention retention = r.retention();
        md.append("\n### Retention\n\n")
                .append(
                        retention == null || retention.days() == null
                                ? NONE
                                : "Messages " + retention.days() + " days by default (" + retention.source() + ")")
                .append('\n');

        md.append("\n### Security measures\n\n");
        r.securityMeasures().forEach(m -> md.append("- ").append(m).append('\n'));
    }

    private static String party(PrivacyContacts.Party party) {
        if (party == null) {
            return "not configured";
        }
        return Stream.of(party.name(), party.email(), party.address())
                .filter(s -> s != null && !s.isBlank())
                .collect(Collectors.joining(", "));
    }

    /** Text for a table cell: no line breaks, no column separators. */
    private static String cell(String text) {
        return text == null ? NONE : text.replace("|", "\\|").replace('\n', ' ');
    }
}
