package dev.charter.jurisdiction;

import jakarta.inject.Singleton;
import java.util.List;

/** The jurisdictions whose users this region serves: every regime of every country it serves. */
@Singleton
public class ServedJurisdictions {

    private final List<String> ids;

    ServedJurisdictions(ResidencyGate residency, JurisdictionDirectory jurisdictions) {
        List<String> countries = residency.countries().stream().sorted().toList();
        this.ids = countries.contains("*")
                ? jurisdictions.all()
                : countries.stream()
                        .flatMap(c -> jurisdictions.jurisdictionsIn(c).stream())
                        .distinct()
                        .sorted()
                        .toList();
    }

    /** Jurisdiction ids, sorted. */
    public List<String> ids() {
        return ids;
    }
}
