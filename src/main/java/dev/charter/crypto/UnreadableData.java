package dev.charter.crypto;

import io.smallrye.mutiny.Uni;

/**
 * Data a feature keeps sealed that no key opens any more (its month keys were shredded by retention or erasure):
 * unreadable, but still taking space. Each retention sweep asks every implementation to delete up to
 * {@code limit} such items; features own their rows and files, so the sweep never touches them itself.
 */
public interface UnreadableData {

    /** Deletes up to {@code limit} items sealed under destroyed keys; the number deleted. */
    Uni<Integer> deleteUnreadable(int limit);
}
