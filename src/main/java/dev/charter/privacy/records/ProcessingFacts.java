package dev.charter.privacy.records;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * What the records of processing need beyond the profiles and the policy (src/main/resources/privacy/records.json):
 * data and subject categories per purpose, processors, security measures, and per jurisdiction the provision that
 * demands the record and those behind each legal basis.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = false)
public record ProcessingFacts(
        String about,
        List<String> dataSubjects,
        Map<String, PurposeFacts> purposes,
        List<Processor> processors,
        List<String> securityMeasures,
        Map<String, JurisdictionFacts> jurisdictions) {

    static final String FILE = "privacy/records.json";

    @RegisterForReflection
    public record PurposeFacts(List<String> dataCategories, String retention) {}

    @RegisterForReflection
    public record Processor(
            String name, String service, String location, List<String> purposes, List<String> dataCategories) {}

    /** {@code duty}: the provision that requires the record, null where the law has none. */
    @RegisterForReflection
    public record JurisdictionFacts(String duty, Map<String, String> legalBases) {}

    static ProcessingFacts load() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing");
            }
            return new ObjectMapper().readValue(in, ProcessingFacts.class);
        } catch (IOException e) {
            throw new IllegalStateException(FILE + " is invalid", e);
        }
    }

    /** Every purpose of the policy is described, and every processor serves only purposes the policy has. */
    void checkCovers(List<String> policyPurposes) {
        for (String purpose : policyPurposes) {
            if (!purposes.containsKey(purpose)) {
                throw new IllegalStateException(FILE + " does not describe the policy's purpose '" + purpose + "'");
            }
        }
        for (Processor processor : processors) {
            for (String purpose : processor.purposes()) {
                if (!policyPurposes.contains(purpose)) {
                    throw new IllegalStateException(
                            FILE + ": " + processor.name() + " serves '" + purpose + "', which the policy lacks");
                }
            }
        }
    }
}
