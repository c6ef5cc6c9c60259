package dev.charter.privacy.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charter.jurisdiction.JurisdictionDirectory;
import dev.charter.jurisdiction.JurisdictionProfile;
import dev.charter.jurisdiction.RegionConfig;
import dev.charter.jurisdiction.ServedJurisdictions;
import dev.charter.jurisdiction.TransferPolicy;
import dev.charter.privacy.PrivacyContacts;
import dev.charter.privacy.PrivacyPolicy;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The records of processing activities (GDPR Art. 30, UU PDP Art. 31, Saudi PDPL Art. 31 and the others in
 * privacy/records.json), one per jurisdiction this region serves, generated from the jurisdiction profiles, the
 * privacy policy's purposes, the processors and the configured contacts, so the record cannot drift from what
 * the service enforces.
 */
@Singleton
@Startup
public class RecordsOfProcessing {

    @RegisterForReflection
    public record Records(String generatedAt, String region, List<Record> records) {}

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Record(
            String jurisdiction,
            String law,
            String duty,
            PrivacyContacts.Party controller,
            PrivacyContacts.Party dpo,
            PrivacyContacts.Party representative,
            String policyVersion,
            List<Purpose> purposes,
            List<String> dataSubjects,
            List<ProcessingFacts.Processor> recipients,
            Transfers transfers,
            JurisdictionProfile.Retention retention,
            List<String> securityMeasures) {}

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Purpose(
            String id,
            String description,
            boolean optional,
            String legalBasis,
            String legalBasisSource,
            List<String> dataCategories,
            String retention) {}

    /** {@code inPlace}: the mechanisms the operator declared for this jurisdiction ({@code charter.transfers.in-place}). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Transfers(
            boolean restricted,
            String source,
            List<JurisdictionProfile.Adequacy> adequacy,
            List<JurisdictionProfile.Mechanism> mechanisms,
            List<InPlace> inPlace,
            List<JurisdictionProfile.Requirement> alsoRequired,
            List<String> blockedCountries) {}

    @RegisterForReflection
    public record InPlace(String to, String mechanism) {}

    private final ProcessingFacts facts;
    private final PrivacyPolicy policy;
    private final PrivacyContacts contacts;
    private final JurisdictionDirectory jurisdictions;
    private final ServedJurisdictions served;
    private final TransferPolicy transfers;
    private final String region;
    private final Clock clock;

    RecordsOfProcessing(
            PrivacyPolicy policy,
            PrivacyContacts contacts,
            JurisdictionDirectory jurisdictions,
            ServedJurisdictions served,
            TransferPolicy transfers,
            RegionConfig region,
            Clock clock) {
        this.facts = ProcessingFacts.load();
        this.policy = policy;
        this.contacts = contacts;
        this.jurisdictions = jurisdictions;
        this.served = served;
        this.transfers = transfers;
        this.region = region.region();
        this.clock = clock;
        facts.checkCovers(
                policy.purposes().stream().map(PrivacyPolicy.Purpose::id).toList());
        for (String id : jurisdictions.all()) {
            if (!facts.jurisdictions().containsKey(id)) {
                throw new IllegalStateException(ProcessingFacts.FILE + " has no entry for jurisdiction " + id);
            }
        }
    }

    /** One record per jurisdiction this region serves. */
    public Records current() {
        return new Records(
                clock.instant().toString(),
                region,
                served.ids().stream().map(this::record).toList());
    }

    private Record record(String id) {
        JurisdictionProfile profile = jurisdictions.profile(id).orElseThrow();
        ProcessingFacts.JurisdictionFacts law = facts.jurisdictions().get(id);
        var contact = contacts.of(id);
        return new Record(
                id,
                profile.name(),
                law.duty(),
                contacts.controller(),
                contact.map(PrivacyContacts.Contacts::dpo).orElse(null),
                contact.map(PrivacyContacts.Contacts::representative).orElse(null),
                policy.version(),
                policy.purposes().stream().map(p -> purpose(p, law)).toList(),
                facts.dataSubjects(),
                facts.processors(),
                transfers(profile),
                profile.defaultRetention(),
                securityMeasures(profile));
    }

    private Purpose purpose(PrivacyPolicy.Purpose purpose, ProcessingFacts.JurisdictionFacts law) {
        ProcessingFacts.PurposeFacts described = facts.purposes().get(purpose.id());
        Map<String, String> bases = law.legalBases() == null ? Map.of() : law.legalBases();
        return new Purpose(
                purpose.id(),
                purpose.description(),
                purpose.optional(),
                purpose.legalBasis(),
                bases.get(purpose.legalBasis()),
                described.dataCategories(),
                described.retention());
    }

    private Transfers transfers(JurisdictionProfile profile) {
        JurisdictionProfile.Transfers law = profile.transfers();
        return new Transfers(
                Boolean.TRUE.equals(law.restricted()),
                law.source(),
                law.adequacyOrEmpty(),
                law.mechanismsOrEmpty(),
                transfers.inPlace().stream()
                        .filter(declared -> declared.from().equals(profile.id()))
                        .map(declared -> new InPlace(declared.to(), declared.mechanism()))
                        .toList(),
                law.alsoRequiredOrEmpty(),
                law.blockedCountriesOrEmpty());
    }

    /** The measures of every region, and end-to-end encryption where the jurisdiction allows it. */
    private List<String> securityMeasures(JurisdictionProfile profile) {
        JurisdictionProfile.Flag e2ee = profile.e2eeAllowed();
        if (e2ee == null || !Boolean.TRUE.equals(e2ee.value())) {
            return facts.securityMeasures();
        }
        List<String> measures = new ArrayList<>(facts.securityMeasures());
        measures.add("end-to-end encrypted conversations on request (" + e2ee.source() + ")");
        return measures;
    }
}
