package dev.charter.moderation;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Puts messages the content rules flagged in front of moderators (the open reports). */
@Singleton
public class ModerationQueue {

    private static final Logger LOG = Logger.getLogger(ModerationQueue.class);

    private final SendPathRepository reports;

    ModerationQueue(SendPathRepository reports) {
        this.reports = reports;
    }

    /** Never fails the send it follows: the message is committed and acked either way. */
    public Uni<Void> flag(UUID conversation, long seq, String sender, String category) {
        return reports.flag(conversation, seq, sender, category).onFailure().recoverWithItem(failure -> {
            LOG.warnf(
                    "could not queue a flagged message: %s", failure.getClass().getName());
            return null;
        });
    }
}
