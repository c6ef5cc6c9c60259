package dev.charter.federation;

import dev.charter.common.DatabaseConnections;
import dev.charter.common.ListenConnection;
import dev.charter.identity.UserService;
import dev.charter.messaging.MessageSent;
import dev.charter.messaging.MessageSentListener;
import dev.charter.messaging.send.MessageService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The host's side of replication: ships what each replica lacks (the state when it changed, the messages after
 * what the replica last reported), one batch per region per round. The cursor moves only by what the replica
 * answers it applied, so nothing is lost by a crash, a restart or an unreachable region: it is sent again, and
 * the replica ignores what it already has. Woken by commits of this instance, by membership changes of any
 * (NOTIFY), and every second, which also catches commits of other instances and retries regions that were down.
 */
@ApplicationScoped
public class ReplicaShipper implements MessageSentListener {

    private static final Logger LOG = Logger.getLogger(ReplicaShipper.class);
    private static final int CURSORS_PER_ROUND = 200;
    private static final int MESSAGES_PER_CONVERSATION = 200;
    private static final int EVENTS_PER_CONVERSATION = 500;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final Peers peers;
    private final TransferRegister register;
    private final UserService users;
    private final ReplicaRepository replicas;
    private final MessageService messages;
    private final DatabaseConnections database;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();
    private ListenConnection wake;
    private long timer = -1;

    private record Backoff(long until, long millis) {}

    ReplicaShipper(
            Peers peers,
            ReplicaRepository replicas,
            MessageService messages,
            DatabaseConnections database,
            Vertx vertx,
            TransferRegister register,
            UserService users) {
        this.peers = peers;
        this.register = register;
        this.users = users;
        this.replicas = replicas;
        this.messages = messages;
        this.database = database;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (!peers.enabled()) {
            return;
        }
        wake = database.listen(ReplicaRepository.WAKE_CHANNEL, this::kick, payload -> kick(), retries -> 1_000L);
        wake.connect()
                .subscribe()
                .with(
                        ok -> {},
                        failure -> LOG.warnf(
                                "replication wake-up channel: %s",
                                failure.getClass().getSimpleName()));
        timer = vertx.setPeriodic(1_000, id -> kick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (wake != null) {
            wake.close().subscribe().with(ok -> {}, failure -> {});
        }
    }

    @Override
    public void onMessageSent(MessageSent sent) {
        if (peers.enabled()) {
            kick();
        }
    }

    /** Starts a round unless one runs; then that one goes again when it ends. */
    void kick() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        round().subscribe().with(more -> finished(more), failure -> {
            LOG.warnf("replication round failed: %s", failure.getClass().getSimpleName());
            finished(false);
        });
    }

    private void finished(boolean more) {
        running.set(false);
        if (more || again.get()) {
            kick();
        }
    }

    /** One round; true when replicas are still behind (another round follows at once). */
    private Uni<Boolean> round() {
        return replicas.behind(CURSORS_PER_ROUND).flatMap(cursors -> {
            Map<String, List<ReplicaRepository.Cursor>> byRegion = new LinkedHashMap<>();
            long now = System.currentTimeMillis();
            for (ReplicaRepository.Cursor cursor : cursors) {
                Backoff backoff = backoffs.get(cursor.region());
                if (peers.isPeer(cursor.region()) && (backoff == null || backoff.until() <= now)) {
                    byRegion.computeIfAbsent(cursor.region(), r -> new ArrayList<>())
                            .add(cursor);
                }
            }
            if (byRegion.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            List<Uni<Boolean>> shipments = byRegion.entrySet().stream()
                    .map(e -> ship(e.getKey(), e.getValue()))
                    .toList();
            return Uni.join().all(shipments).andCollectFailures().map(results -> results.contains(true));
        });
    }

    private record Prepared(ReplicaRepository.Cursor cursor, Long stateVersion, Replication.ConversationBatch batch) {}

    /** One batch to one region; true when that region got everything it lacked and still has more to take. */
    private Uni<Boolean> ship(String region, List<ReplicaRepository.Cursor> cursors) {
        Uni<List<Prepared>> prepared = Uni.createFrom().item(new ArrayList<>());
        for (ReplicaRepository.Cursor cursor : cursors) {
            prepared = prepared.flatMap(list -> prepare(cursor).map(p -> {
                list.add(p);
                return list;
            }));
        }
        return prepared.flatMap(list -> peers.call(
                                region,
                                "POST",
                                "/v1/federation/replicate",
                                new Replication.Batch(
                                        list.stream().map(Prepared::batch).toList()))
                        .flatMap(response -> {
                            if (response.statusCode() != 200) {
                                throw new IllegalStateException("replica answered " + response.statusCode());
                            }
                            Replication.BatchApplied applied = peers.read(response, Replication.BatchApplied.class);
                            return record(list, applied).call(() -> registerTransfers(region, list, applied));
                        }))
                .invoke(more -> backoffs.remove(region))
                .onFailure()
                .recoverWithItem(failure -> {
                    Backoff previous = backoffs.get(region);
                    long millis = previous == null ? 1_000 : Math.min(MAX_BACKOFF_MILLIS, previous.millis() * 2);
                    backoffs.put(region, new Backoff(System.currentTimeMillis() + millis, millis));
                    LOG.warnf(
                            "replication to %s failed (%s); retried in %d ms",
                            region, failure.getClass().getSimpleName(), millis);
                    return false;
                });
    }

    /** What reached the region, per user: members named in a state, authors of the messages it applied. */
    private Uni<Void> registerTransfers(String region, List<Prepared> prepared, Replication.BatchApplied applied) {
        Map<java.util.UUID, Long> appliedUpTo = new java.util.HashMap<>();
        if (applied.conversations() != null) {
            applied.conversations().stream()
                    .filter(a -> a.refused() == null && !a.needState())
                    .forEach(a -> appliedUpTo.put(a.id(), a.lastSeq()));
        }
        Map<String, Long> messagesBy = new LinkedHashMap<>();
        Map<String, String> jurisdictions = new java.util.HashMap<>();
        for (Prepared p : prepared) {
            Replication.ConversationBatch batch = p.batch();
            if (!appliedUpTo.containsKey(batch.id())) {
                continue; // refused, or not taken: nothing of it reached the region
            }
            if (batch.state() != null) {
                for (Replication.Member member : batch.state().members()) {
                    if (!region.equals(member.homeRegion())) {
                        messagesBy.putIfAbsent(member.id(), 0L);
                        jurisdictions.put(member.id(), member.jurisdiction());
                    }
                }
            }
            long upTo = appliedUpTo.getOrDefault(batch.id(), p.cursor().shippedSeq());
            for (Replication.Message message : batch.messages()) {
                if (message.seq() <= upTo && "visible".equals(message.state())) {
                    messagesBy.merge(message.sender(), 1L, Long::sum);
                }
            }
        }
        List<String> unknown = messagesBy.keySet().stream()
                .filter(id -> !jurisdictions.containsKey(id))
                .toList();
        Uni<Map<String, dev.charter.identity.UserRepository.Residence>> residences =
                unknown.isEmpty() ? Uni.createFrom().item(Map.of()) : users.residences(unknown);
        return residences.flatMap(found -> {
            Map<String, TransferRegister.Sent> byUser = new LinkedHashMap<>();
            messagesBy.forEach((user, count) -> {
                var residence = found.get(user);
                if (residence != null && region.equals(residence.homeRegion())) {
                    return; // their own region's user: coming home is no transfer
                }
                String jurisdiction =
                        jurisdictions.getOrDefault(user, residence == null ? null : residence.jurisdiction());
                byUser.put(user, new TransferRegister.Sent(jurisdiction, count));
            });
            return register.record(region, byUser);
        });
    }

    private Uni<Prepared> prepare(ReplicaRepository.Cursor cursor) {
        Uni<Replication.State> state = cursor.stateShipped()
                ? Uni.createFrom().nullItem()
                : replicas.state(cursor.conversation(), peers.self()).map(found -> found.orElse(null));
        return state.flatMap(s -> replicas.eventsAfter(
                        cursor.conversation(), cursor.eventsShipped(), EVENTS_PER_CONVERSATION)
                .flatMap(events -> messages.committedAfter(
                                cursor.conversation(), cursor.shippedSeq(), MESSAGES_PER_CONVERSATION)
                        .map(committed -> new Prepared(
                                cursor,
                                s == null ? null : cursor.stateVersion(),
                                new Replication.ConversationBatch(
                                        cursor.conversation(),
                                        s,
                                        committed.stream()
                                                .map(c -> new Replication.Message(
                                                        c.seq(),
                                                        c.id(),
                                                        c.sender(),
                                                        c.clientMsgId(),
                                                        c.text(),
                                                        c.ciphertext(),
                                                        c.sentAt(),
                                                        c.state()))
                                                .toList(),
                                        events)))));
    }

    private static long lastEventOf(Prepared prepared) {
        List<Replication.Event> events = prepared.batch().events();
        return events.isEmpty()
                ? prepared.cursor().eventsShipped()
                : events.get(events.size() - 1).id();
    }

    private Uni<Boolean> record(List<Prepared> prepared, Replication.BatchApplied applied) {
        Map<java.util.UUID, Replication.Applied> byId = new LinkedHashMap<>();
        if (applied.conversations() != null) {
            applied.conversations().forEach(a -> byId.put(a.id(), a));
        }
        Uni<Boolean> chain = Uni.createFrom().item(false);
        for (Prepared p : prepared) {
            Replication.Applied answer = byId.get(p.cursor().conversation());
            if (answer == null) {
                continue;
            }
            if (answer.refused() != null) {
                // Stays behind and is offered again next round; the other conversations of the batch went on.
                LOG.warnf("replica %s refused a conversation: %s", p.cursor().region(), answer.refused());
                continue;
            }
            boolean behind = answer.needState() || answer.lastSeq() < p.cursor().lastSeq();
            boolean progressed = answer.lastSeq() > p.cursor().shippedSeq() || p.stateVersion() != null;
            chain = chain.flatMap(more -> replicas.advance(
                            p.cursor().conversation(),
                            p.cursor().region(),
                            answer.lastSeq(),
                            p.stateVersion(),
                            answer.needState(),
                            answer.needState() ? p.cursor().eventsShipped() : lastEventOf(p))
                    .map(ignored -> more || (behind && progressed)));
        }
        return chain;
    }
}
