package dev.charter.jurisdiction;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether a user's personal data may go to a region, by the law of the user's home jurisdiction: the
 * destination region's country (regions.json) and the jurisdictions governing it, then the home law's
 * {@code transfers} section. Adequacy applies by itself; any other mechanism only when the operator declares it
 * in {@code charter.transfers.in-place}. Created at start-up, so a bad declaration or a region without a known
 * country stops the service there.
 */
@ApplicationScoped
@Startup
public class TransferPolicy {

    static final String ADEQUACY = "adequacy";
    static final String UNRESTRICTED = "unrestricted";

    private final JurisdictionDirectory jurisdictions;
    private final RegionCountries regions;
    private final List<TransfersInPlace.Declared> inPlace;

    @Inject
    TransferPolicy(
            @ConfigProperty(name = TransfersInPlace.KEY) Optional<List<String>> inPlace,
            JurisdictionDirectory jurisdictions) {
        this(jurisdictions, loadRegions(), TransfersInPlace.parse(inPlace.orElse(List.of()), jurisdictions));
    }

    TransferPolicy(
            JurisdictionDirectory jurisdictions, RegionCountries regions, List<TransfersInPlace.Declared> inPlace) {
        this.jurisdictions = jurisdictions;
        this.regions = regions;
        this.inPlace = List.copyOf(inPlace);
    }

    private static RegionCountries loadRegions() {
        RegionCountries regions = RegionCountries.load();
        regions.checkCovers(ResidencyTable.load());
        return regions;
    }

    /** The declared mechanisms, as validated at start-up. */
    public List<TransfersInPlace.Declared> inPlace() {
        return inPlace;
    }

    /**
     * May the data of a user whose home jurisdiction is {@code homeJurisdiction} go to {@code region}? An
     * unknown region is refused (its country, so the law, is unknown).
     *
     * @throws IllegalArgumentException for a jurisdiction id without a profile
     */
    public TransferDecision decide(String homeJurisdiction, String region) {
        JurisdictionProfile home = jurisdictions
                .profile(homeJurisdiction)
                .orElseThrow(() -> new IllegalArgumentException("unknown jurisdiction " + homeJurisdiction));
        Optional<String> located = regions.countryOf(region);
        if (located.isEmpty()) {
            return new TransferDecision.Refused(
                    home.id(),
                    region,
                    null,
                    List.of(),
                    "region " + region + " is not in " + RegionCountries.FILE + ": the country it is in, and so "
                            + "whether " + home.id() + " permits the transfer, is unknown",
                    List.of());
        }
        String country = located.orElseThrow();
        if (home.countries().contains(country)) {
            return new TransferDecision.NoTransfer(home.id(), region, country);
        }
        List<String> destination = jurisdictions.jurisdictionsIn(country);
        JurisdictionProfile.Transfers law = home.transfers();
        String where = region + " (" + country
                + (destination.isEmpty() ? ", no jurisdiction profile" : ", " + String.join("/", destination)) + ")";

        if (law.blockedCountriesOrEmpty().contains(country)) {
            return new TransferDecision.Refused(
                    home.id(),
                    region,
                    country,
                    destination,
                    home.id() + " forbids transfers to " + where + ": "
                            + law.blockedCountries().source(),
                    List.of());
        }
        if (!law.restricted()) {
            return permitted(home, region, country, UNRESTRICTED, law.source());
        }
        for (JurisdictionProfile.Adequacy adequacy : law.adequacyOrEmpty()) {
            if (destination.contains(adequacy.to())) {
                return permitted(home, region, country, ADEQUACY, adequacy.source());
            }
        }
        for (TransfersInPlace.Declared declared : inPlace) {
            if (!declared.from().equals(home.id())
                    || !(declared.coversAnyDestination() || destination.contains(declared.to()))) {
                continue;
            }
            Optional<JurisdictionProfile.Mechanism> mechanism =
                    law.mechanism(declared.mechanism()).filter(m -> m.offeredFor(destination));
            if (mechanism.isPresent()) {
                return permitted(
                        home,
                        region,
                        country,
                        mechanism.get().id(),
                        mechanism.get().source());
            }
        }
        List<JurisdictionProfile.Mechanism> wouldCover = law.mechanismsOrEmpty().stream()
                .filter(m -> m.offeredFor(destination))
                .toList();
        return new TransferDecision.Refused(
                home.id(),
                region,
                country,
                destination,
                home.id() + " (" + law.source() + ") permits no transfer to " + where
                        + " without a mechanism: no adequacy decision covers it and " + TransfersInPlace.KEY
                        + " declares none of "
                        + (wouldCover.isEmpty()
                                ? "(the law offers none for it)"
                                : String.join(
                                        ", ",
                                        wouldCover.stream()
                                                .map(JurisdictionProfile.Mechanism::id)
                                                .toList())),
                wouldCover);
    }

    private static TransferDecision.Permitted permitted(
            JurisdictionProfile home, String region, String country, String mechanism, String source) {
        return new TransferDecision.Permitted(
                home.id(), region, country, mechanism, source, home.transfers().alsoRequiredOrEmpty());
    }
}
