package dev.charter.messaging.expiry;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;

/**
 * Legal holds as retention sees them (implemented by the legal hold feature): messages of a held conversation,
 * and messages a held user authored, do not expire while the hold lasts.
 */
public interface RetentionHolds {

    /** What is held now. */
    Uni<Held> current();

    record Held(List<String> authors, List<UUID> conversations) {}
}
