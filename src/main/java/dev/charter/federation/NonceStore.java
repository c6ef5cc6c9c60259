package dev.charter.federation;

import io.smallrye.mutiny.Uni;
import java.time.Instant;

/** Remembers the nonces peers used, so a request is accepted at most once. */
public interface NonceStore {

    /** True when this region's nonce was not seen before (and is now remembered); false on a replay. */
    Uni<Boolean> claim(String region, String nonce, Instant seenAt);

    /** Forgets nonces seen before {@code cutoff}: their timestamps are outside the skew window by then. */
    Uni<Void> prune(Instant cutoff);
}
