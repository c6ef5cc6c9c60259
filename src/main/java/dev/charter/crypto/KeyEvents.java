package dev.charter.crypto;

import dev.charter.common.DatabaseConnections;
import dev.charter.common.ListenConnection;
import dev.charter.common.PgNotify;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Tells every instance sharing the database that data keys were destroyed (NOTIFY {@code charter_keys},
 * inside the shredding transaction, so peers hear only of committed shreds), and evicts them from this
 * instance's cache when a peer says so. Payloads carry opaque key ids only; large shreds say {@code *}.
 */
@ApplicationScoped
class KeyEvents {

    static final String CHANNEL = "charter_keys";
    private static final Logger LOG = Logger.getLogger(KeyEvents.class);
    private static final int MAX_IDS = 150;

    private final DataKeyService dataKeys;
    private final DatabaseConnections database;
    private ListenConnection subscriber;

    KeyEvents(DataKeyService dataKeys, DatabaseConnections database) {
        this.dataKeys = dataKeys;
        this.database = database;
    }

    Uni<Void> announce(SqlClient client, List<UUID> keyIds) {
        if (keyIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String payload = keyIds.size() > MAX_IDS
                ? "*"
                : String.join(",", keyIds.stream().map(UUID::toString).toList());
        return PgNotify.send(client, CHANNEL, payload);
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        subscriber = database.listen(
                CHANNEL,
                // Shreds announced while we were not listening are unknown: drop every cached key.
                dataKeys::evictAll,
                this::onShred,
                retries -> Math.min(100L * (retries + 1), 2_000L));
        subscriber
                .connect()
                .subscribe()
                .with(
                        ok -> {},
                        failure -> LOG.warnf(
                                "cannot LISTEN for key events: %s",
                                failure.getClass().getName()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close().subscribe().with(ok -> {}, e -> {});
        }
    }

    private void onShred(String payload) {
        if ("*".equals(payload)) {
            dataKeys.evictAll();
        } else if (!payload.isEmpty()) {
            dataKeys.evict(
                    Arrays.stream(payload.split(",")).map(UUID::fromString).toList());
        }
    }
}
