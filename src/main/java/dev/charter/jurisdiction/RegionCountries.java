package dev.charter.jurisdiction;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where each region is, src/main/resources/jurisdictions/regions.json: region -> the country of its data centres.
 * Sending a user's data to a region is a transfer to that country. Loaded and validated at start-up; every region
 * the residency table names must be listed, so no region the service deploys to has an unknown location.
 */
public final class RegionCountries {

    static final String FILE = "jurisdictions/regions.json";

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+");

    @RegisterForReflection
    record Document(String about, Map<String, String> regions) {}

    private final Map<String, String> countries;

    private RegionCountries(Map<String, String> countries) {
        this.countries = Map.copyOf(countries);
    }

    /** The packaged file, validated. */
    public static RegionCountries load() {
        return of(StrictJson.resource(FILE, Document.class, "region file"));
    }

    static RegionCountries parse(InputStream in) {
        return of(StrictJson.read(in, Document.class, FILE, "region file"));
    }

    private static RegionCountries of(Document document) {
        return of(document.regions() == null ? Map.of() : document.regions());
    }

    /** Regions from entries, validated as the packaged file is. */
    static RegionCountries of(Map<String, String> countries) {
        List<String> problems = new ArrayList<>();
        if (countries.isEmpty()) {
            problems.add("it names no region");
        }
        countries.forEach((region, country) -> {
            if (!AWS_REGION.matcher(region).matches()) {
                problems.add(region + " is not an AWS region code");
            }
            if (country == null || !COUNTRY.matcher(country).matches()) {
                problems.add(region + ": " + country + " is not an ISO 3166-1 alpha-2 code in uppercase");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("region file " + FILE + ": " + String.join("; ", problems));
        }
        return new RegionCountries(countries);
    }

    /** Every region of the residency table is located here. */
    public void checkCovers(ResidencyTable table) {
        List<String> problems = new ArrayList<>();
        for (String region : table.regions()) {
            if (!countries.containsKey(region)) {
                problems.add(ResidencyTable.FILE + " names region " + region + ", which " + FILE + " does not locate");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    /** The country of a region's data centres, if this file knows the region. */
    public Optional<String> countryOf(String region) {
        return Optional.ofNullable(region == null ? null : countries.get(region));
    }
}
