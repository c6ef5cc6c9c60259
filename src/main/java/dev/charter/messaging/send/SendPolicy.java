package dev.charter.messaging.send;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * The rules a send passes besides membership and account status: the content rules of the sender's
 * jurisdiction, suspensions, and the review queue for flagged messages. Implemented by the moderation feature.
 */
public interface SendPolicy {

    /** What the content rules made of one text. */
    interface Verdict {

        /** True when the message must not be stored at all. */
        boolean blocked();

        /** The rule category that blocked it (never the matched words). */
        String category();

        /** The text to store: the original, or with matches masked. */
        String text();

        /** The category to queue the stored message under for review, or null. */
        String flagCategory();
    }

    /** Decided before anything is stored, on the caller's thread: it must not block. */
    Verdict check(String jurisdiction, String text);

    /** True when memory already says {@code sender} is not suspended; false: ask {@link #requireNotSuspended}. */
    boolean knownNotSuspended(String sender);

    /** Fails with {@code restricted} while the sender is suspended. */
    Uni<Void> requireNotSuspended(String sender);

    /** Queues a committed message for review; never fails (the message is acked either way). */
    Uni<Void> flag(UUID conversation, long seq, String sender, String category);
}
