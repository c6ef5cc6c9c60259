package dev.charter.jurisdiction;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which region this deployment is and which countries it serves. The one reader of {@code charter.region}:
 * features that need the region (key provider, ledger, shredding) inject this. Plain properties rather than a
 * {@code charter} config mapping: a mapping on the root prefix {@code charter} would claim every
 * {@code charter.*} key, and start-up would then fail on any key no mapping knows (SRCFG00050).
 *
 * <p>The countries and the directory of the others come from the residency table ({@link ResidencyTable}), the
 * file Terraform builds the regions from; {@code charter.countries} and {@code charter.region-directory} override
 * them where the region is not in the table (dev, tests, self-hosted). Created at start-up, so a table that breaks
 * a residency law, disagrees with the profiles, or gives this region no country stops the service there.
 */
@ApplicationScoped
@Startup
public class RegionConfig {

    private final String region;
    private final List<String> countries;
    private final Map<String, String> regionDirectory;

    RegionConfig(
            @ConfigProperty(name = "charter.region", defaultValue = "local") String region,
            @ConfigProperty(name = "charter.countries") Optional<List<String>> countries,
            @ConfigProperty(name = "charter.region-directory") Optional<List<String>> regionDirectory,
            JurisdictionDirectory jurisdictions) {
        ResidencyTable table = ResidencyTable.load();
        table.checkAgainst(jurisdictions.profiles());
        this.region = region;
        this.countries =
                List.copyOf(countries.filter(list -> !list.isEmpty()).orElseGet(() -> table.countriesServedBy(region)));
        if (this.countries.isEmpty()) {
            throw new IllegalStateException("charter.countries is not set and " + ResidencyTable.FILE
                    + " assigns no country to charter.region=" + region
                    + ": set charter.region to a region of the table, or charter.countries explicitly");
        }
        Map<String, String> directory = new HashMap<>(table.directory());
        for (String entry : regionDirectory.orElse(List.of())) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("charter.region-directory entries look like SA=me-central-1");
            }
            directory.put(parts[0].trim().toUpperCase(Locale.ROOT), parts[1].trim());
        }
        this.regionDirectory = Map.copyOf(directory);
    }

    /** This deployment's region name, e.g. {@code eu-central-1}. */
    public String region() {
        return region;
    }

    /**
     * ISO 3166-1 alpha-2 codes served here: {@code charter.countries} when set ({@code *} serves every country),
     * else those the residency table assigns to {@code charter.region}.
     */
    public List<String> countries() {
        return countries;
    }

    /**
     * Where other countries are served (country -> region), so a refused user can be told where to go: the
     * residency table, with {@code charter.region-directory} entries on top.
     */
    public Map<String, String> regionDirectory() {
        return regionDirectory;
    }
}
