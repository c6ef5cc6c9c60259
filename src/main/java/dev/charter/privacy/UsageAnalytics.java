package dev.charter.privacy;

import dev.charter.messaging.MessageSent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

/**
 * Usage analytics: a real consumer of the {@code analytics} purpose. An event is recorded only for users
 * who granted it; everyone else leaves no analytics trace at all.
 */
@ApplicationScoped
public class UsageAnalytics {

    private final ConsentService consents;
    private final Pool pool;

    UsageAnalytics(ConsentService consents, Pool pool) {
        this.consents = consents;
        this.pool = pool;
    }

    void onMessageSent(@ObservesAsync MessageSent sent) {
        consents.allowed(sent.sender(), "analytics")
                .flatMap(allowed -> allowed
                        ? pool.preparedQuery("INSERT INTO analytics_event (user_id, kind) VALUES ($1, 'message_sent')")
                                .execute(Tuple.of(sent.sender())).replaceWith(true)
                        : io.smallrye.mutiny.Uni.createFrom().item(false))
                .subscribe().with(ok -> { }, failure -> { });
    }
}
