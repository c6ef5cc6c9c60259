package dev.charter.jurisdiction;

import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which privacy regime governs a user, by country (and US state), from the validated profiles. */
@Singleton
public class JurisdictionDirectory {

    /** Purposes that need an explicit opt-in; {@code messaging} is the contract itself and always on. */
    private static final List<String> OPTIONAL_PURPOSES =
            List.of("analytics", "marketing", "ai_features", "cross_border_transfer");

    private final Map<String, JurisdictionProfile> byId = new HashMap<>();
    private final Map<String, JurisdictionProfile> byCountry = new HashMap<>();
    private final Map<String, JurisdictionProfile> bySubdivision = new HashMap<>();

    public JurisdictionDirectory() {
        for (JurisdictionProfile profile : JurisdictionProfiles.load()) {
            byId.put(profile.id(), profile);
            if (profile.subdivisionsOrEmpty().isEmpty()) {
                profile.countries().forEach(country -> byCountry.put(country, profile));
            } else {
                profile.subdivisionsOrEmpty().forEach(subdivision -> bySubdivision.put(subdivision, profile));
            }
        }
    }

    /** The profile governing a user, if this service has one for their country. */
    public Optional<JurisdictionProfile> profileOf(String country, String subdivision) {
        if (subdivision != null && bySubdivision.containsKey(subdivision)) {
            return Optional.of(bySubdivision.get(subdivision));
        }
        return Optional.ofNullable(country == null ? null : byCountry.get(country));
    }

    /** The jurisdiction id, or null for a country without a profile. */
    public String jurisdictionOf(String country, String subdivision) {
        return profileOf(country, subdivision).map(JurisdictionProfile::id).orElse(null);
    }

    public Optional<JurisdictionProfile> profile(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every regime that can govern a user of this country (a country split by subdivisions has several). */
    public List<String> jurisdictionsIn(String country) {
        return byId.values().stream()
                .filter(p -> p.countries().contains(country))
                .map(JurisdictionProfile::id)
                .sorted()
                .toList();
    }

    /** Every profile this service knows. */
    public List<JurisdictionProfile> profiles() {
        return byId.values().stream()
                .sorted(Comparator.comparing(JurisdictionProfile::id))
                .toList();
    }

    /** Every jurisdiction id this service knows. */
    public List<String> all() {
        return byId.keySet().stream().sorted().toList();
    }

    /**
     * Optional purposes; nothing but {@code messaging} is granted by default (opt-in only), so until the
     * user grants one it is missing.
     */
    public List<String> optionalPurposes() {
        return OPTIONAL_PURPOSES;
    }
}
