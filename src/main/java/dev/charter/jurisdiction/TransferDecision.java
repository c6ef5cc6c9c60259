package dev.charter.jurisdiction;

import java.util.List;

/**
 * The answer of {@link TransferPolicy} for one user's home jurisdiction and one destination region: the data
 * does not leave the jurisdiction, or it may under a named mechanism and source, or it may not, and why.
 */
public sealed interface TransferDecision {

    String fromJurisdiction();

    String toRegion();

    /** Whether the data may go there (true also when it does not leave the jurisdiction). */
    boolean allowed();

    /** The destination lies in the user's own jurisdiction: no transfer in the law's sense. */
    record NoTransfer(String fromJurisdiction, String toRegion, String toCountry) implements TransferDecision {
        @Override
        public boolean allowed() {
            return true;
        }
    }

    /**
     * A transfer the law permits: {@code mechanism} is {@code adequacy}, {@code unrestricted} (the law sets no
     * condition), or the id of a declared mechanism; {@code source} its legal basis; {@code alsoRequired} what the
     * law demands on top of it for every transfer (e.g. PIPL Art. 39 separate consent).
     */
    record Permitted(
            String fromJurisdiction,
            String toRegion,
            String toCountry,
            String mechanism,
            String source,
            List<JurisdictionProfile.Requirement> alsoRequired)
            implements TransferDecision {
        @Override
        public boolean allowed() {
            return true;
        }
    }

    /**
     * A transfer the law does not permit as things stand: {@code reason} names the law and the destination;
     * {@code wouldCover} the mechanisms the law offers for it, any of which the operator could declare.
     */
    record Refused(
            String fromJurisdiction,
            String toRegion,
            String toCountry,
            List<String> toJurisdictions,
            String reason,
            List<JurisdictionProfile.Mechanism> wouldCover)
            implements TransferDecision {
        @Override
        public boolean allowed() {
            return false;
        }
    }
}
