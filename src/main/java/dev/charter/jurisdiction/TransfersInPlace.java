package dev.charter.jurisdiction;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code charter.transfers.in-place}: the transfer mechanisms the operator has in place, {@code FROM:TO:MECHANISM}
 * with jurisdiction ids and {@code *} for any destination, e.g. {@code GDPR:*:scc,PIPL:GDPR:standard_contract}.
 * Fails closed: an entry that names an unknown jurisdiction, or a mechanism the FROM law does not offer for that
 * destination, stops start-up naming the entry, because a declaration that silently covers nothing (or the wrong
 * route) is a compliance error nobody would notice.
 */
public final class TransfersInPlace {

    static final String KEY = "charter.transfers.in-place";

    /** One declared mechanism: FROM law, TO jurisdiction id or {@code *}, and the mechanism's id in FROM's profile. */
    public record Declared(String from, String to, String mechanism) {

        public boolean coversAnyDestination() {
            return JurisdictionProfile.Mechanism.ANY.equals(to);
        }

        @Override
        public String toString() {
            return from + ":" + to + ":" + mechanism;
        }
    }

    private TransfersInPlace() {}

    /** The entries, validated against the profiles; an empty list when nothing is declared. */
    public static List<Declared> parse(List<String> entries, JurisdictionDirectory jurisdictions) {
        List<Declared> declared = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split(":", -1);
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                problems.add("'" + entry + "' is not FROM:TO:MECHANISM (e.g. GDPR:*:scc)");
                continue;
            }
            Declared d = new Declared(parts[0].trim(), parts[1].trim(), parts[2].trim());
            problems.addAll(problems(d, jurisdictions));
            if (!declared.contains(d)) {
                declared.add(d);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(message(problems));
        }
        return List.copyOf(declared);
    }

    static String message(List<String> problems) {
        return "Charter refuses to start: " + KEY + " declares what the jurisdiction profiles do not offer: "
                + String.join("; ", problems);
    }

    private static List<String> problems(Declared d, JurisdictionDirectory jurisdictions) {
        List<String> problems = new ArrayList<>();
        Optional<JurisdictionProfile> from = jurisdictions.profile(d.from());
        if (from.isEmpty()) {
            problems.add("'" + d + "' names " + d.from() + ", which is not a jurisdiction id ("
                    + String.join(", ", jurisdictions.all()) + ")");
        }
        if (!d.coversAnyDestination() && jurisdictions.profile(d.to()).isEmpty()) {
            problems.add("'" + d + "' names " + d.to() + ", which is neither a jurisdiction id nor *");
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        if (d.from().equals(d.to())) {
            problems.add("'" + d + "' declares a transfer within one jurisdiction, which needs no mechanism");
            return problems;
        }
        JurisdictionProfile.Transfers law = from.orElseThrow().transfers();
        Optional<JurisdictionProfile.Mechanism> mechanism = law.mechanism(d.mechanism());
        if (mechanism.isEmpty()) {
            List<String> offered = law.mechanismsOrEmpty().stream()
                    .map(JurisdictionProfile.Mechanism::id)
                    .toList();
            problems.add("'" + d + "': " + d.from() + " offers no mechanism '" + d.mechanism() + "' ("
                    + (offered.isEmpty()
                            ? "it offers none: " + law.source()
                            : "it offers " + String.join(", ", offered))
                    + ")");
            return problems;
        }
        List<String> to = mechanism.orElseThrow().to();
        boolean offered = to.contains(JurisdictionProfile.Mechanism.ANY) || to.contains(d.to());
        if (!offered) {
            problems.add("'" + d + "': " + d.from() + " offers '" + d.mechanism() + "' only for "
                    + String.join(", ", to) + " (" + mechanism.orElseThrow().source() + ")");
        }
        return problems;
    }
}
