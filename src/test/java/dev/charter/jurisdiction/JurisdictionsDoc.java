package dev.charter.jurisdiction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders docs/jurisdictions.md from the profiles themselves: every field of every profile, with its value, its
 * citation and the profile's review date. Fields are found by walking the JSON, so a field added to the profiles
 * shows up here without touching this class. {@link JurisdictionsDocTest} fails when the file and the profiles
 * disagree; {@code main} (or the test with {@code -Dcharter.docs.write=true}) writes it.
 */
final class JurisdictionsDoc {

    static final Path FILE = Path.of("docs", "jurisdictions.md");

    private static final List<String> HEADER_FIELDS =
            List.of("id", "name", "countries", "subdivisions", "effectiveFrom", "reviewedAt");

    private JurisdictionsDoc() {}

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, render(), StandardCharsets.UTF_8);
    }

    static String render() {
        JurisdictionDirectory directory = new JurisdictionDirectory();
        StringBuilder out = new StringBuilder();
        out.append("# Jurisdiction profiles\n\n");
        out.append(
                "Generated from `src/main/resources/jurisdictions/*.json` by `JurisdictionsDoc` (a test fails when this\n");
        out.append("file and the profiles disagree; regenerate with `./mvnw -B -o test -Dtest=JurisdictionsDocTest\n");
        out.append(
                "-Dcharter.docs.write=true`). Every field of every profile, with the statute it comes from. The profiles\n");
        out.append(
                "are the rules the service applies; what each field does is in [contract.md](contract.md#jurisdiction-profiles).\n\n");
        out.append(
                "`effectiveFrom`: the date the law as stated applies from. `reviewedAt`: when every field was last checked\n");
        out.append(
                "against the statutes; a test fails once a review is more than six months old. Periods are ISO-8601\n");
        out.append(
                "(`P30D`, `P1M`, `P6M`, `P1Y`). Nothing here is legal advice: sources marked \"Charter's default\" are\n");
        out.append("choices where the law names no number.\n\n");
        out.append("| profile | name | countries | effective from | reviewed |\n| --- | --- | --- | --- | --- |\n");
        List<JsonNode> profiles = new ArrayList<>();
        for (JurisdictionProfile profile : directory.profiles()) {
            JsonNode json = read(profile.id());
            profiles.add(json);
            out.append("| [")
                    .append(profile.id())
                    .append("](#")
                    .append(profile.id().toLowerCase())
                    .append(") | ")
                    .append(cell(profile.name()))
                    .append(" | ")
                    .append(cell(countries(json)))
                    .append(" | ")
                    .append(profile.effectiveFrom())
                    .append(" | ")
                    .append(profile.reviewedAt())
                    .append(" |\n");
        }
        for (JsonNode json : profiles) {
            out.append("\n## ").append(json.get("id").asText()).append("\n\n");
            out.append(json.get("name").asText())
                    .append(". Countries: ")
                    .append(countries(json))
                    .append(".\n");
            out.append("Effective from ")
                    .append(json.get("effectiveFrom").asText())
                    .append("; reviewed ")
                    .append(json.get("reviewedAt").asText())
                    .append(".\n\n");
            out.append("| field | value | source |\n| --- | --- | --- |\n");
            Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!HEADER_FIELDS.contains(field.getKey())) {
                    rows(field.getKey(), field.getValue(), out);
                }
            }
        }
        return out.toString();
    }

    /** One row for a cited object, then one for each cited object inside it. */
    private static void rows(String path, JsonNode node, StringBuilder out) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                rows(path + "[" + label(element) + "]", element, out);
            }
            return;
        }
        if (!node.isObject()) {
            out.append("| `")
                    .append(path)
                    .append("` | ")
                    .append(cell(value(node)))
                    .append(" | |\n");
            return;
        }
        List<String> values = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> nested = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (field.getKey().equals("source") || field.getKey().equals("id")) {
                continue;
            }
            if (cited(value)) {
                nested.add(field);
            } else {
                values.add(field.getKey() + ": " + value(value));
            }
        }
        if (node.has("source")) {
            out.append("| `")
                    .append(path)
                    .append("` | ")
                    .append(cell(String.join("; ", values)))
                    .append(" | ")
                    .append(cell(node.get("source").asText()))
                    .append(" |\n");
        }
        for (Map.Entry<String, JsonNode> field : nested) {
            rows(path + "." + field.getKey(), field.getValue(), out);
        }
    }

    /** An object with a source, or a list of them: rendered as rows of their own. */
    private static boolean cited(JsonNode value) {
        if (value.isObject()) {
            return value.has("source");
        }
        return value.isArray() && !value.isEmpty() && value.get(0).isObject();
    }

    private static String label(JsonNode element) {
        for (String key : List.of("id", "to")) {
            if (element.has(key) && element.get(key).isTextual()) {
                return element.get(key).asText();
            }
        }
        return "";
    }

    private static String value(JsonNode node) {
        if (node.isNull()) {
            return "none";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(value(item)));
            return items.isEmpty() ? "none" : String.join(", ", items);
        }
        if (node.isObject()) {
            List<String> items = new ArrayList<>();
            node.fields().forEachRemaining(e -> items.add(e.getKey() + " " + value(e.getValue())));
            return items.isEmpty() ? "none" : String.join(", ", items);
        }
        return node.asText();
    }

    private static String countries(JsonNode json) {
        String countries = value(json.get("countries"));
        return json.has("subdivisions")
                ? countries + " (subdivisions " + value(json.get("subdivisions")) + ")"
                : countries;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static JsonNode read(String id) {
        String file = "jurisdictions/" + id + ".json";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(file)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(file, e);
        }
    }
}
