package dev.charter.jurisdiction;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps users of countries this region does not serve out, before anything about them is stored.
 * Data residency laws (e.g. Saudi PDPL Art. 29, PIPL Art. 40) require their data to stay where the
 * region that serves them is; the only trace a refusal leaves is a counter without identifiers.
 */
@ApplicationScoped
public class ResidencyGate {

    private final boolean servesAll;
    private final Set<String> countries;
    private final Map<String, String> directory;
    private final Counter refusals;

    public ResidencyGate(RegionConfig config, MeterRegistry registry) {
        this.countries = config.countries().stream()
                .map(c -> c.trim().toUpperCase(Locale.ROOT))
                .filter(c -> !c.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.servesAll = countries.contains("*");
        Map<String, String> upper = new HashMap<>();
        config.regionDirectory().forEach((k, v) -> upper.put(k.toUpperCase(Locale.ROOT), v));
        this.directory = Map.copyOf(upper);
        this.refusals = Counter.builder("charter_wrong_region_refusals_total")
                .description("Requests refused because this region does not serve the caller's country")
                .register(registry);
    }

    public boolean serves(String country) {
        return country != null && (servesAll || countries.contains(country.toUpperCase(Locale.ROOT)));
    }

    /** The region that serves this country, when this deployment knows it. */
    public Optional<String> servingRegion(String country) {
        return Optional.ofNullable(country == null ? null : directory.get(country.toUpperCase(Locale.ROOT)));
    }

    public Set<String> countries() {
        return countries;
    }

    /** Counts the refusal and returns the contract's {@code wrong_region} problem for it. */
    public ProblemException refusal(String country) {
        refusals.increment();
        Map<String, Object> extra = new HashMap<>();
        servingRegion(country).ifPresent(region -> extra.put("region", region));
        return new ProblemException(421, ErrorCodes.WRONG_REGION, "This region does not serve your country.", extra);
    }
}
