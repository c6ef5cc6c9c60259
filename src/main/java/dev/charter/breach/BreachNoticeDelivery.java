package dev.charter.breach;

import dev.charter.common.PeerCaches;
import dev.charter.messaging.fanout.UserFrames;
import dev.charter.messaging.ws.ConnectionListener;
import dev.charter.messaging.ws.ConnectionRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Delivers notices to individuals in-app as {@code breach_notice} frames: to users connected anywhere when the
 * notice is recorded (every instance is told, and sends those of its connected users), and to everyone else when
 * they next connect. Each notice goes out once.
 */
@Singleton
class BreachNoticeDelivery implements ConnectionListener {

    static final String TOPIC = "breach_notice";
    private static final Logger LOG = Logger.getLogger(BreachNoticeDelivery.class);

    private final BreachNoticeRepository notices;
    private final UserFrames frames;
    /** A provider: the registry holds every ConnectionListener, this one included. */
    private final Provider<ConnectionRegistry> connections;

    BreachNoticeDelivery(BreachNoticeRepository notices, UserFrames frames, Provider<ConnectionRegistry> connections) {
        this.notices = notices;
        this.frames = frames;
        this.connections = connections;
    }

    @Override
    public void firstConnected(String user) {
        deliverTo(List.of(user));
    }

    @Override
    public void lastDisconnected(String user) {}

    /** New notices were recorded (or announcements may have been missed): deliver to whoever is connected here. */
    void onAnnounced(@Observes PeerCaches.Invalidated event) {
        if (event.concerns(TOPIC)) {
            List<String> here = List.copyOf(connections.get().users());
            if (!here.isEmpty()) {
                deliverTo(here);
            }
        }
    }

    private void deliverTo(List<String> users) {
        notices.deliverUndelivered(
                        users,
                        (tx, n) -> frames.send(
                                tx,
                                n.user(),
                                new BreachNoticeFrame(
                                        BreachNoticeFrame.TYPE,
                                        n.breach(),
                                        n.jurisdiction(),
                                        n.clock(),
                                        n.notice(),
                                        n.notifiedAt().toString())))
                .subscribe()
                .with(
                        ok -> {},
                        failure -> LOG.warnf(
                                "breach notices not delivered now (retried at the next connection): %s",
                                failure.getClass().getName()));
    }

    static Uni<Void> announce(PeerCaches peers, Mutiny.Session session, String breach) {
        return peers.invalidate(session, TOPIC, breach);
    }
}
