package dev.charter.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One purpose's state for a user as the API and the export show it; {@code status} is a {@link ConsentStatus}
 * value: granted, withdrawn or none (never asked).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConsentRecord(String purpose, String status, String policyVersion, String locale, String at) {

    static ConsentRecord of(Consent consent) {
        return new ConsentRecord(
                consent.purpose, consent.status.value(), consent.policyVersion, consent.locale, consent.at.toString());
    }

    /** A purpose the user was never asked about. */
    static ConsentRecord none(String purpose) {
        return new ConsentRecord(purpose, ConsentStatus.NONE.value(), null, null, null);
    }
}
