package dev.charter.jurisdiction;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which privacy regime governs a user, by country (and US state). The contract's jurisdiction ids.
 * Profiles with deadlines, ages of consent and their statutes arrive as data files with the privacy
 * features; this is the mapping the welcome frame and rights requests need now.
 */
@ApplicationScoped
public class JurisdictionDirectory {

    /** EU member states plus the EEA (Iceland, Liechtenstein, Norway), where the GDPR applies. */
    private static final Set<String> GDPR_COUNTRIES = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
            "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
            "IS", "LI", "NO");

    private static final Map<String, String> SINGLE_COUNTRY = Map.of(
            "GB", "UK_GDPR", "CN", "PIPL", "SG", "PDPA_SG", "ID", "PDP_ID", "TH", "PDPA_TH", "SA", "PDPL_SA",
            "IN", "DPDP", "JP", "APPI", "BR", "LGPD");

    /** Purposes that need an explicit opt-in; {@code messaging} is the contract itself and always on. */
    private static final List<String> OPTIONAL_PURPOSES = List.of("analytics", "marketing", "ai_features",
            "cross_border_transfer");

    /** The jurisdiction id, or null for a country without a profile. */
    public String jurisdictionOf(String country, String subdivision) {
        if (country == null) {
            return null;
        }
        if (GDPR_COUNTRIES.contains(country)) {
            return "GDPR";
        }
        if ("US".equals(country)) {
            return "US-CA".equals(subdivision) ? "CCPA" : "US";
        }
        return SINGLE_COUNTRY.get(country);
    }

    /** Every regime that can govern a user of this country (the US has a state-specific one). */
    public List<String> jurisdictionsIn(String country) {
        if ("US".equals(country)) {
            return List.of("US", "CCPA");
        }
        String single = jurisdictionOf(country, null);
        return single == null ? List.of() : List.of(single);
    }

    /** Every jurisdiction id this service knows. */
    public List<String> all() {
        List<String> ids = new java.util.ArrayList<>(SINGLE_COUNTRY.values());
        ids.addAll(List.of("GDPR", "CCPA", "US"));
        return ids.stream().sorted().toList();
    }

    /**
     * Optional purposes; nothing but {@code messaging} is granted by default (opt-in only), so until the
     * user grants one it is missing.
     */
    public List<String> optionalPurposes() {
        return OPTIONAL_PURPOSES;
    }
}
