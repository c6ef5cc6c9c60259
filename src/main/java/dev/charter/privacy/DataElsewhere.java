package dev.charter.privacy;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/**
 * What other regions hold or did with a user's data, for the user's rights: where it went (their export's
 * {@code transfers}, GDPR Art. 15(2)) and each region's answer to their erasure. Owned by privacy, implemented by
 * federation; empty lists when federation is off.
 */
public interface DataElsewhere {

    /** Every route the user's data took out of their home jurisdiction, with mechanism and legal source. */
    Uni<List<Map<String, Object>>> transfersOf(String user);

    /**
     * Each peer region's answer to the user's erasure: its signed receipt ({@code region}, {@code payload},
     * {@code signature}, {@code algorithm}, {@code signingKey}), or {@code {"region","pending":true}} until it
     * answers.
     */
    Uni<List<Map<String, Object>>> erasureReceipts(String user);
}
