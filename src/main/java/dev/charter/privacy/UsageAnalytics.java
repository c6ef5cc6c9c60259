package dev.charter.privacy;

import dev.charter.messaging.MessageSent;
import dev.charter.messaging.MessageSentListener;
import jakarta.inject.Singleton;

/**
 * Usage analytics: a real consumer of the {@code analytics} purpose. An event is recorded only for users
 * who granted it; everyone else leaves no analytics trace at all.
 */
@Singleton
public class UsageAnalytics implements MessageSentListener {

    private final ConsentService consents;
    private final AnalyticsRepository analytics;

    UsageAnalytics(ConsentService consents, AnalyticsRepository analytics) {
        this.consents = consents;
        this.analytics = analytics;
    }

    /**
     * Called on the event loop that released the ack: the consent lookup is a cache hit in the steady state
     * and the INSERT is asynchronous, so nothing blocks and no worker thread is needed per message.
     */
    @Override
    public void onMessageSent(MessageSent sent) {
        if (Boolean.FALSE.equals(consents.allowedFromMemory(sent.sender(), "analytics"))) {
            return; // the steady state for a user without the consent: nothing to build, nothing to record
        }
        // Deferred: even a synchronous failure stays here and never fails the sender's ack.
        io.smallrye.mutiny.Uni.createFrom()
                .deferred(() -> consents.allowed(sent.sender(), "analytics"))
                .flatMap(allowed -> allowed
                        ? analytics.recordMessageSent(sent.sender()).replaceWith(true)
                        : io.smallrye.mutiny.Uni.createFrom().item(false))
                .subscribe()
                .with(ok -> {}, failure -> {});
    }
}
