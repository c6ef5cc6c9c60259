package dev.charter.messaging.fanout;

import dev.charter.common.DatabaseConnections;
import dev.charter.common.ListenConnection;
import dev.charter.messaging.ConversationAccess;
import dev.charter.messaging.FanoutChannel;
import dev.charter.messaging.MessageReader;
import dev.charter.messaging.MessageRepository;
import dev.charter.messaging.conversation.MembershipCache;
import dev.charter.messaging.write.LocalDeliveries;
import dev.charter.messaging.write.MessageWriter;
import dev.charter.messaging.ws.ConnectionRegistry;
import dev.charter.messaging.ws.FrameBatch;
import dev.charter.messaging.ws.FrameWriter;
import dev.charter.messaging.ws.Frames;
import dev.charter.messaging.ws.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Live delivery. Every instance, the committing one included, LISTENs on {@link FanoutChannel} and
 * delivers what it hears to its own connections, one event at a time in the order PostgreSQL delivered
 * them (commit order), so each connection gets each message once and in seq order. The committing
 * instance takes the message from {@link LocalDeliveries}; the others read and open it from the database.
 */
@ApplicationScoped
class MessageFanout {

    private static final Logger LOG = Logger.getLogger(MessageFanout.class);
    /** Service Restart: the client reconnects and resumes with {@code sync}. */
    private static final CloseReason RESYNC = new CloseReason(1012, "live delivery interrupted; reconnect and sync");

    private static final int MAX_TRACKED_CONVERSATIONS = 100_000;

    private final FrameWriter frameWriter;
    private final MessageWriter writer;
    private final MessageRepository messages;
    private final MessageReader reader;
    private final MembershipCache membership;
    private final LocalDeliveries localDeliveries;
    private final ConnectionRegistry connections;
    private final Outbox outbox;
    private final DatabaseConnections database;
    private final Queue<String> events = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger subscriptions =
            new java.util.concurrent.atomic.AtomicInteger();
    /** The highest seq delivered per conversation, to notice a commit whose notification never came. */
    private final Map<UUID, Long> lastDelivered = new ConcurrentHashMap<>();
    /**
     * At most one typing frame per user and conversation every 3 s (contract), whichever instance the typer is on.
     * The sending instance already keeps 3 s between announcements; the margin absorbs NOTIFY jitter.
     */
    private final dev.charter.messaging.Throttle typingPace =
            new dev.charter.messaging.Throttle(java.time.Duration.ofMillis(2_900), MAX_TRACKED_CONVERSATIONS);

    private volatile boolean listening;
    private volatile boolean stopping;
    private ListenConnection subscriber;

    MessageFanout(
            FrameWriter frameWriter,
            MessageWriter writer,
            MessageRepository messages,
            MessageReader reader,
            MembershipCache membership,
            LocalDeliveries localDeliveries,
            ConnectionRegistry connections,
            Outbox outbox,
            DatabaseConnections database) {
        this.database = database;
        this.outbox = outbox;
        this.frameWriter = frameWriter;
        this.writer = writer;
        this.messages = messages;
        this.reader = reader;
        this.membership = membership;
        this.localDeliveries = localDeliveries;
        this.connections = connections;
    }

    boolean listening() {
        return listening;
    }

    void start(@Observes StartupEvent event) {
        subscriber = database.listen(
                FanoutChannel.NAME,
                // Called on every (re)subscription, so any call after the first one follows a lost LISTEN
                // connection.
                () -> {
                    listening = true;
                    if (subscriptions.getAndIncrement() > 0) {
                        LOG.warn("LISTEN connection re-established; connections told to resync");
                        // Whatever was committed while nobody listened never reached the clients live.
                        membership.clear();
                        lastDelivered.clear();
                        connections.closeAll(RESYNC);
                    }
                },
                this::enqueue,
                retries -> retries < 10_000 ? Math.min(100L * (retries + 1), 2_000L) : -1L);
        subscriber.onGaveUp(() -> {
            listening = false;
            if (!stopping) {
                LOG.error("gave up reconnecting the LISTEN connection: no live delivery until restarted");
            }
        });
        subscriber.connect().await().indefinitely();
        listening = true;
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (subscriber != null) {
            subscriber.close().subscribe().with(ok -> {}, e -> {});
        }
    }

    private void enqueue(String payload) {
        events.add(payload);
        drain();
    }

    private void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        String payload = events.poll();
        if (payload == null) {
            draining.set(false);
            if (!events.isEmpty()) {
                drain();
            }
            return;
        }
        handle(payload).subscribe().with(ok -> next(), failure -> {
            LOG.warnf("fan-out of an event failed: %s", failure.getClass().getSimpleName());
            next();
        });
    }

    private void next() {
        draining.set(false);
        drain();
    }

    /** One event's frames leave together: one task and one socket write per connection (see {@link Outbox}). */
    private Uni<Void> handle(String payload) {
        FanoutChannel.Event event;
        try {
            event = FanoutChannel.parse(payload);
        } catch (RuntimeException e) {
            return Uni.createFrom().voidItem();
        }
        FrameBatch batch = new FrameBatch();
        return handle(event, batch).eventually(() -> batch.sendWith(outbox));
    }

    private Uni<Void> handle(FanoutChannel.Event event, FrameBatch batch) {
        return switch (event) {
            case FanoutChannel.MembersChanged changed -> {
                membership.invalidate(changed.conversation());
                yield Uni.createFrom().voidItem();
            }
            case FanoutChannel.Receipt receipt -> deliverReceipt(receipt, batch);
            case FanoutChannel.UserFrame userFrame -> {
                connections.of(userFrame.user()).forEach(c -> batch.add(c, userFrame.frame()));
                yield Uni.createFrom().voidItem();
            }
            case FanoutChannel.Committed committed -> deliverCommitted(committed, batch);
            case FanoutChannel.Edited edited -> deliverEdited(edited, batch);
            case FanoutChannel.Removed removed ->
                toMembers(
                        removed.conversation(), null, new Frames.Removed(removed.conversation(), removed.seq()), batch);
            case FanoutChannel.Typing typing ->
                // Every instance hears every announcement, so each keeps the contract's pace by itself.
                typingPace.tryPass(new TypingKey(typing.conversation(), typing.user()))
                        ? toMembers(
                                typing.conversation(),
                                typing.user(),
                                new Frames.Typing(typing.conversation(), typing.user()),
                                batch)
                        : Uni.createFrom().voidItem();
        };
    }

    private record TypingKey(UUID conversation, String user) {}

    /** The edited message read back and opened, as for a committed one: notifications never carry text. */
    private Uni<Void> deliverEdited(FanoutChannel.Edited edited, FrameBatch batch) {
        return membership.get(edited.conversation()).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            ConversationAccess access = found.get();
            return messages.range(edited.conversation(), edited.seq() - 1, edited.seq(), 1)
                    .flatMap(rows -> reader.views(rows, access.e2ee()))
                    .invoke(views -> views.stream()
                            .filter(view -> view.editedAt() != null)
                            .findFirst()
                            .ifPresent(view -> {
                                String frame = write(new Frames.Edited(view));
                                access.members()
                                        .forEach(
                                                member -> connections.of(member).forEach(c -> batch.add(c, frame)));
                            }))
                    .replaceWithVoid();
        });
    }

    /** One frame to every local connection of the conversation's members, but {@code except}'s. */
    private Uni<Void> toMembers(UUID conversation, String except, Object frame, FrameBatch batch) {
        return membership
                .get(conversation)
                .invoke(found -> found.ifPresent(access -> {
                    String text = write(frame);
                    for (String member : access.members()) {
                        if (!member.equals(except)) {
                            connections.of(member).forEach(c -> batch.add(c, text));
                        }
                    }
                }))
                .replaceWithVoid();
    }

    private Uni<Void> deliverReceipt(FanoutChannel.Receipt receipt, FrameBatch batch) {
        return membership
                .get(receipt.conversation())
                .invoke(found -> found.ifPresent(access -> {
                    String frame = write(new Frames.Receipt(receipt.conversation(), receipt.user(), receipt.readSeq()));
                    for (String member : access.members()) {
                        if (!member.equals(receipt.user())) {
                            connections.of(member).forEach(c -> batch.add(c, frame));
                        }
                    }
                }))
                .replaceWithVoid();
    }

    private Uni<Void> deliverCommitted(FanoutChannel.Committed committed, FrameBatch batch) {
        boolean ours = writer.nodeId().equals(committed.nodeId());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (FanoutChannel.SeqRange range : committed.ranges()) {
            chain = chain.flatMap(ignored -> deliverRange(range, ours, batch));
        }
        return chain;
    }

    private Uni<Void> deliverRange(FanoutChannel.SeqRange range, boolean ours, FrameBatch batch) {
        return membership.get(range.conversation()).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            ConversationAccess access = found.get();
            if (missedBefore(range)) {
                // Commits between the last delivered seq and this range were never announced to this instance
                // (its LISTEN connection was down): the members resync rather than hear a gap.
                resync(access.members());
                for (long seq = range.from(); ours && seq <= range.to(); seq++) {
                    localDeliveries.forget(range.conversation(), seq);
                }
                return Uni.createFrom().voidItem();
            }
            List<LocalDeliveries.Entry> local = ours ? takeLocal(range) : null;
            Uni<List<LocalDeliveries.Entry>> entries = local != null
                    ? Uni.createFrom().item(local)
                    : messages.range(range.conversation(), range.from() - 1, range.to(), (int)
                                    (range.to() - range.from() + 1))
                            .flatMap(rows -> reader.views(rows, access.e2ee()))
                            .map(views -> views.stream()
                                    .map(view -> new LocalDeliveries.Entry(view, null, 0))
                                    .toList());
            return entries.invoke(list -> list.forEach(entry -> deliver(entry, access.members(), batch)))
                    // Not delivered (the database could not be read): the members must not miss it silently.
                    .onFailure()
                    .invoke(failure -> resync(access.members()))
                    .replaceWithVoid();
        });
    }

    /**
     * Whether seqs before this range were committed but not heard of. Ranges of a conversation arrive in seq
     * order (its seq row is locked until COMMIT, NOTIFY comes in commit order). Records the range as delivered.
     */
    private boolean missedBefore(FanoutChannel.SeqRange range) {
        if (lastDelivered.size() >= MAX_TRACKED_CONVERSATIONS) {
            lastDelivered.clear();
        }
        Long last = lastDelivered.put(range.conversation(), range.to());
        return last != null && range.from() > last + 1;
    }

    private void resync(Set<String> members) {
        LOG.warn("a commit was missed or could not be read for live delivery; its conversation's members resync");
        for (String member : members) {
            connections
                    .of(member)
                    .forEach(connection -> connection.close(RESYNC).subscribe().with(ok -> {}, e -> {}));
        }
    }

    /** All entries of the range from memory, or null when any is missing (then the database is read). */
    private List<LocalDeliveries.Entry> takeLocal(FanoutChannel.SeqRange range) {
        List<LocalDeliveries.Entry> entries = new ArrayList<>();
        for (long seq = range.from(); seq <= range.to(); seq++) {
            LocalDeliveries.Entry entry = localDeliveries.take(range.conversation(), seq);
            if (entry == null) {
                return null;
            }
            entries.add(entry);
        }
        return entries;
    }

    private void deliver(LocalDeliveries.Entry entry, Set<String> members, FrameBatch batch) {
        String frame = write(entry.view());
        for (String member : members) {
            for (WebSocketConnection connection : connections.of(member)) {
                if (!connection.id().equals(entry.originConnection())) {
                    batch.add(connection, frame);
                }
            }
        }
    }

    private String write(Object frame) {
        return frameWriter.write(frame);
    }
}
