package dev.charter.moderation;

import dev.charter.messaging.send.SendPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.UUID;

/** The moderation rules every send passes: content rules, suspensions and the review queue. */
@Singleton
class ModerationSendPolicy implements SendPolicy {

    private final ContentPolicy content;
    private final Suspensions suspensions;
    private final ModerationQueue queue;

    ModerationSendPolicy(ContentPolicy content, Suspensions suspensions, ModerationQueue queue) {
        this.content = content;
        this.suspensions = suspensions;
        this.queue = queue;
    }

    @Override
    public Verdict check(String jurisdiction, String text) {
        return content.decide(jurisdiction, text);
    }

    @Override
    public boolean knownNotSuspended(String sender) {
        return suspensions.knownNotSuspended(sender);
    }

    @Override
    public Uni<Void> requireNotSuspended(String sender) {
        return suspensions.requireNotSuspended(sender);
    }

    @Override
    public Uni<Void> flag(UUID conversation, long seq, String sender, String category) {
        return queue.flag(conversation, seq, sender, category);
    }
}
