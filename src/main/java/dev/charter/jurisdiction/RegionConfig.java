package dev.charter.jurisdiction;

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
 */
@ApplicationScoped
public class RegionConfig {

    private final String region;
    private final List<String> countries;
    private final Map<String, String> regionDirectory;

    RegionConfig(
            @ConfigProperty(name = "charter.region", defaultValue = "local") String region,
            @ConfigProperty(name = "charter.countries") List<String> countries,
            @ConfigProperty(name = "charter.region-directory") Optional<List<String>> regionDirectory) {
        this.region = region;
        this.countries = List.copyOf(countries);
        Map<String, String> directory = new HashMap<>();
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

    /** ISO 3166-1 alpha-2 codes served here; {@code *} serves every country. Required in prod. */
    public List<String> countries() {
        return countries;
    }

    /** Where other countries are served (country -> region), so a refused user can be told where to go. */
    public Map<String, String> regionDirectory() {
        return regionDirectory;
    }
}
