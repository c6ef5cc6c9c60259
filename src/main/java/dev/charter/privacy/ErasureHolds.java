package dev.charter.privacy;

import io.smallrye.mutiny.Uni;
import java.util.Optional;

/**
 * What keeps an erasure waiting: a legal hold on the user's data (implemented by the legal hold feature). An
 * erasure under hold is answered with the hold's lawful reason and completes once no hold covers the user.
 */
public interface ErasureHolds {

    /** The lawful reason of a hold that covers {@code user}'s data now; empty when none does. */
    Uni<Optional<String>> lawfulReason(String user);
}
