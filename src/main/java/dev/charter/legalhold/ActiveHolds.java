package dev.charter.legalhold;

import dev.charter.crypto.ShredHolds;
import dev.charter.messaging.expiry.RetentionHolds;
import dev.charter.privacy.ErasureHolds;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The holds in force, answered to the features whose work they stop: erasure waits, retention skips, shredding
 * is refused. A hold that expired or was released stops nothing, with no step needed to lift it.
 */
@ApplicationScoped
class ActiveHolds implements ErasureHolds, ShredHolds, RetentionHolds {

    private final ActiveHoldRepository holds;
    private final Clock clock;

    ActiveHolds(ActiveHoldRepository holds, Clock clock) {
        this.holds = holds;
        this.clock = clock;
    }

    @Override
    public Uni<Optional<String>> lawfulReason(String user) {
        return holds.covering(user, clock.instant()).map(found -> found.map(ActiveHolds::lawfulReason));
    }

    @Override
    public Uni<List<String>> heldKeyOwners() {
        return holds.keyOwners(clock.instant());
    }

    @Override
    public Uni<Held> current() {
        var now = clock.instant();
        return holds.targets(LegalHold.USER, now)
                .flatMap(users -> holds.targets(LegalHold.CONVERSATION, now)
                        .map(conversations -> new Held(users, ActiveHoldRepository.uuids(conversations))));
    }

    /** What the user is told: the reason, the authority and its reference, and the end if one is set. */
    static String lawfulReason(Row hold) {
        OffsetDateTime until = hold.getOffsetDateTime("expires_at");
        return hold.getString("reason") + " (" + hold.getString("authority") + ", ref. " + hold.getString("reference")
                + (until == null ? ")" : ", until " + until.toInstant() + ")");
    }
}
