package dev.charter.jurisdiction;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The residency table, src/main/resources/jurisdictions/residency.json: which AWS region serves and stores each
 * country's users, and for countries whose law demands in-country storage, the regions that satisfy it and the
 * statute. Terraform reads the same file (infra/terraform/modules/residency) and builds each region's deployment
 * for exactly its countries; the service takes its own countries and the directory of the others from it. Loaded
 * and validated like the profiles: a table that breaks a residency law stops start-up, naming the country.
 */
public final class ResidencyTable {

    static final String FILE = "jurisdictions/residency.json";

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+");

    /** One country: the region serving it ({@code null}: none), and its in-country rule, if its law has one. */
    @RegisterForReflection
    public record Entry(String region, InCountry inCountry) {}

    /** The regions inside the country (empty: no AWS region is) and the statute demanding them. */
    @RegisterForReflection
    public record InCountry(List<String> regions, String source) {}

    @RegisterForReflection
    record Document(String about, Map<String, Entry> countries) {}

    private final Map<String, Entry> entries;

    private ResidencyTable(Map<String, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** The packaged table, validated. */
    public static ResidencyTable load() {
        return of(StrictJson.resource(FILE, Document.class, "residency table"));
    }

    /** A table in the file's format, validated. */
    static ResidencyTable parse(InputStream in) {
        return of(StrictJson.read(in, Document.class, FILE, "residency table"));
    }

    private static ResidencyTable of(Document document) {
        return of(document.countries() == null ? Map.of() : document.countries());
    }

    /** A table from entries, validated as the packaged one is. */
    static ResidencyTable of(Map<String, Entry> entries) {
        List<String> problems = new ArrayList<>();
        entries.forEach((country, entry) -> problems.addAll(problems(country, entry)));
        if (entries.isEmpty()) {
            problems.add("it names no country");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("residency table " + FILE + ": " + String.join("; ", problems));
        }
        return new ResidencyTable(entries);
    }

    private static List<String> problems(String country, Entry entry) {
        List<String> problems = new ArrayList<>();
        if (!COUNTRY.matcher(country).matches()) {
            problems.add(country + " is not an ISO 3166-1 alpha-2 code in uppercase");
        }
        if (entry == null) {
            problems.add(country + " has no entry");
            return problems;
        }
        if (entry.region() != null && !AWS_REGION.matcher(entry.region()).matches()) {
            problems.add(country + ": " + entry.region() + " is not an AWS region code");
        }
        InCountry rule = entry.inCountry();
        if (rule == null) {
            return problems;
        }
        if (rule.source() == null || rule.source().isBlank() || rule.regions() == null) {
            problems.add(country + ": an inCountry rule names its regions and its statute (source)");
            return problems;
        }
        if (entry.region() != null && !rule.regions().contains(entry.region())) {
            problems.add(country + " is served from " + entry.region() + ", but " + statute(rule) + " allows only "
                    + rule.regions());
        }
        return problems;
    }

    private static String statute(InCountry rule) {
        return rule.source().split(":", 2)[0];
    }

    /** The countries the table assigns to this region, sorted; empty for a region it does not know. */
    public List<String> countriesServedBy(String region) {
        return entries.entrySet().stream()
                .filter(e -> Objects.equals(e.getValue().region(), region))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** Every served country and the region serving it. */
    public Map<String, String> directory() {
        Map<String, String> directory = new TreeMap<>();
        entries.forEach((country, entry) -> {
            if (entry.region() != null) {
                directory.put(country, entry.region());
            }
        });
        return directory;
    }

    /** Every region the table names: those serving a country and those an in-country rule allows. */
    public java.util.SortedSet<String> regions() {
        java.util.SortedSet<String> regions = new java.util.TreeSet<>();
        entries.values().forEach(entry -> {
            if (entry.region() != null) {
                regions.add(entry.region());
            }
            if (entry.inCountry() != null && entry.inCountry().regions() != null) {
                regions.addAll(entry.inCountry().regions());
            }
        });
        return regions;
    }

    /** The in-country rule of a country, if its law has one. */
    public Optional<InCountry> inCountry(String country) {
        return Optional.ofNullable(entries.get(country)).map(Entry::inCountry);
    }

    /**
     * The profiles and the table tell one story: a regime that keeps data in-country ({@code
     * residency.inCountryOnly}) has an in-country rule here for each of its countries, and a regime that does not
     * has none. Otherwise one of them is wrong, and nobody can tell which.
     */
    public void checkAgainst(List<JurisdictionProfile> profiles) {
        List<String> problems = new ArrayList<>();
        for (JurisdictionProfile profile : profiles) {
            boolean inCountryOnly = Boolean.TRUE.equals(profile.residency().inCountryOnly());
            for (String country : profile.countries()) {
                if (inCountryOnly && inCountry(country).isEmpty()) {
                    problems.add(profile.id() + " keeps " + country + "'s data in-country, but " + FILE
                            + " has no inCountry rule for " + country);
                }
                if (!inCountryOnly && inCountry(country).isPresent()) {
                    problems.add(FILE + " keeps " + country + "'s data in-country, but its profile " + profile.id()
                            + " says residency.inCountryOnly=false");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "the residency table and the jurisdiction profiles disagree: " + String.join("; ", problems));
        }
    }
}
