package dev.charter.crypto;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;

/**
 * Legal holds as crypto-shredding sees them (implemented by the legal hold feature): the keys of a held user,
 * or of an author of messages in a held conversation, are never destroyed while the hold lasts.
 */
public interface ShredHolds {

    /** The lawful reason of a hold that covers {@code user}'s keys now; empty when none does. */
    Uni<Optional<String>> lawfulReason(String user);

    /** Every user whose keys a hold covers now. */
    Uni<List<String>> heldKeyOwners();
}
