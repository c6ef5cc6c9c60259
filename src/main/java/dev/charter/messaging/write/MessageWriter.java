package dev.charter.messaging.write;

import dev.charter.common.DatabaseConnections;
import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.crypto.DataKey;
import dev.charter.crypto.MessageAad;
import dev.charter.crypto.MessageCipher;
import dev.charter.crypto.SealedText;
import dev.charter.crypto.StaleDataKeyException;
import dev.charter.franking.Countersignature;
import dev.charter.franking.FrankingSigner;
import dev.charter.messaging.Ack;
import dev.charter.messaging.FanoutChannel;
import dev.charter.messaging.MessageAttachments;
import dev.charter.messaging.MessageFrankingRepository;
import dev.charter.messaging.MessageRepository;
import dev.charter.messaging.MessageView;
import dev.charter.messaging.StoredMessage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Group commit: sends queue up per lane while the lane's previous transaction is in flight, then commit
 * together in one transaction (dedupe, seq reservation, insert, NOTIFY: two round trips, see
 * {@link PipelinedTransaction}) on the lane's own connection and event loop ({@link LaneConnection}). A
 * conversation always uses the same lane, so its seqs are assigned, committed and announced in order. An ack is
 * released only after COMMIT succeeded.
 */
@Singleton
public class MessageWriter {

    private static final Logger LOG = Logger.getLogger(MessageWriter.class);
    private static final int MAX_ATTEMPTS = 3;

    private final MessageRepository repository;
    private final MessageCipher cipher;
    private final LocalDeliveries localDeliveries;
    private final AckBatching ackBatching;
    private final Clock clock;
    private final Lane[] lanes;
    private final int maxBatch;
    private final String nodeId = UUID.randomUUID().toString();
    private final DistributionSummary batchSizes;
    private final Timer batchTimes;
    private final Timer queueWaits;
    private final BatchPhases phases;
    private final WriterBacklog backlog;
    private final FrankingSigner franking;

    MessageWriter(
            MessageRepository repository,
            MessageCipher cipher,
            LocalDeliveries localDeliveries,
            AckBatching ackBatching,
            Clock clock,
            MessagingConfig config,
            MeterRegistry registry,
            DatabaseConnections database,
            Vertx vertx,
            WriterBacklog backlog,
            FrankingSigner franking) {
        this.franking = franking;
        this.backlog = backlog;
        this.repository = repository;
        this.ackBatching = ackBatching;
        this.cipher = cipher;
        this.localDeliveries = localDeliveries;
        this.clock = clock;
        this.maxBatch = config.maxBatch();
        this.lanes = new Lane[Math.max(1, config.writerLanes())];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(new LaneConnection(vertx, database));
        }
        this.batchSizes = DistributionSummary.builder("charter_send_batch_size")
                .description("Sends committed per transaction")
                .register(registry);
        // A histogram, so that an operator (and the load harness) can tell how much of a send's latency is the
        // database's commit and how much waiting and transport around it.
        this.batchTimes = Timer.builder("charter_send_batch_duration")
                .description(
                        "From a batch leaving its lane's queue to its acks being released (keys, transaction, COMMIT)")
                .publishPercentileHistogram()
                .register(registry);
        this.queueWaits = Timer.builder("charter_send_queue_wait")
                .description("From a send joining its lane's queue to its batch leaving it")
                .publishPercentileHistogram()
                .register(registry);
        this.phases = new BatchPhases(registry);
    }

    @PreDestroy
    void closeConnections() {
        for (Lane lane : lanes) {
            lane.connection.close();
        }
    }

    /** The id this instance puts in its NOTIFY payloads, to recognise its own commits. */
    public String nodeId() {
        return nodeId;
    }

    /** Queues a send on its conversation's lane; completes with the ack after COMMIT. */
    public CompletableFuture<Ack> submit(
            String sender,
            UUID conversation,
            UUID clientMsgId,
            byte[] body,
            boolean e2ee,
            String originConnection,
            String senderRegion) {
        return submit(sender, conversation, clientMsgId, body, e2ee, originConnection, senderRegion, List.of());
    }

    /** As above, for a send whose files were claimed for it: the message gets a marked id and lists them. */
    public CompletableFuture<Ack> submit(
            String sender,
            UUID conversation,
            UUID clientMsgId,
            byte[] body,
            boolean e2ee,
            String originConnection,
            String senderRegion,
            List<MessageAttachments.Attached> attachments) {
        return submit(sender, conversation, clientMsgId, body, e2ee, originConnection, senderRegion, attachments, null);
    }

    /**
     * As above, for an E2EE send that carries a franking commitment: once the seq and time are assigned the
     * commitment is countersigned and stored with the message in the same transaction.
     */
    public CompletableFuture<Ack> submit(
            String sender,
            UUID conversation,
            UUID clientMsgId,
            byte[] body,
            boolean e2ee,
            String originConnection,
            String senderRegion,
            List<MessageAttachments.Attached> attachments,
            byte[] frankingCommitment) {
        CompletableFuture<Ack> result = new CompletableFuture<>();
        Lane lane = lanes[Math.floorMod(conversation.hashCode(), lanes.length)];
        lane.queue.add(new PendingSend(
                sender,
                conversation,
                clientMsgId,
                body,
                e2ee,
                originConnection,
                result,
                System.nanoTime(),
                senderRegion,
                attachments,
                frankingCommitment));
        backlog.added();
        lane.kick();
        return result;
    }

    private final class Lane {
        final Queue<PendingSend> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean writing = new AtomicBoolean();
        final LaneConnection connection;

        Lane(LaneConnection connection) {
            this.connection = connection;
        }

        void kick() {
            if (!queue.isEmpty() && writing.compareAndSet(false, true)) {
                connection.run(this::writeQueued);
            }
        }

        /** On the lane's event loop: commits what queued up (never empty: only this lane's writer polls). */
        private void writeQueued() {
            List<PendingSend> batch = new ArrayList<>();
            PendingSend next;
            while (batch.size() < maxBatch && (next = queue.poll()) != null) {
                batch.add(next);
            }
            backlog.taken(batch.size());
            batchSizes.record(batch.size());
            long started = System.nanoTime();
            batch.forEach(s -> queueWaits.record(started - s.queuedAt(), TimeUnit.NANOSECONDS));
            write(batch, 1, phases.start(), connection).subscribe().with(ignored -> done(started), failure -> {
                // Never expected: write() completes every send itself. Class only (no content in logs).
                LOG.errorf(
                        "send batch of %d crashed: %s",
                        batch.size(), failure.getClass().getName());
                batch.forEach(s -> s.result().completeExceptionally(failure));
                done(started);
            });
        }

        private void done(long started) {
            batchTimes.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            writing.set(false);
            kick();
        }
    }

    /**
     * Acquires the senders' data keys for this month first (cache hits in the steady state, so no I/O and
     * no transaction held open across a KMS call), then commits. Sends of an author whose keys were
     * destroyed (erased) are refused: nothing is sealed under a shredded key.
     */
    private Uni<Void> write(List<PendingSend> batch, int attempt, BatchPhases.Lap lap, LaneConnection connection) {
        int epoch = cipher.currentEpoch();
        List<String> senders =
                batch.stream().map(PendingSend::sender).distinct().toList();
        return cipher.keysForSending(senders, epoch)
                .onFailure()
                .recoverWithUni(failure -> {
                    // Class only: no key material or user ids in logs.
                    LOG.warnf(
                            "data keys for a send batch of %d unavailable: %s",
                            batch.size(), failure.getClass().getName());
                    return senders.size() == 1
                            ? Uni.createFrom().item(Map.<String, DataKey>of())
                            : keysOneByOne(senders, epoch);
                })
                .flatMap(keys -> {
                    lap.lap(BatchPhases.Phase.KEYS);
                    List<PendingSend> sendable = new ArrayList<>(batch.size());
                    for (PendingSend send : batch) {
                        DataKey key = keys.get(send.sender());
                        if (key == null) {
                            send.result()
                                    .completeExceptionally(
                                            new ProblemException(
                                                    503,
                                                    ErrorCodes.INTERNAL,
                                                    "Your encryption key is unavailable right now; retry with the same clientMsgId."));
                        } else if (key.destroyed()) {
                            send.result()
                                    .completeExceptionally(new ProblemException(
                                            403, ErrorCodes.ERASED, "This account's data has been erased."));
                        } else {
                            sendable.add(send);
                        }
                    }
                    return sendable.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : commit(sendable, attempt, epoch, keys, lap, connection);
                });
    }

    /**
     * After a batch's key lookup failed (the key provider is down and some sender needs a new month key):
     * each sender on their own, so senders whose keys are cached still commit. A sender without a key is
     * absent from the map.
     */
    private Uni<Map<String, DataKey>> keysOneByOne(List<String> senders, int epoch) {
        Map<String, DataKey> found = new java.util.concurrent.ConcurrentHashMap<>();
        List<Uni<Void>> lookups = senders.stream()
                .map(sender -> cipher.keysForSending(List.of(sender), epoch)
                        .invoke(keys -> found.put(sender, keys.get(sender)))
                        .replaceWithVoid()
                        .onFailure()
                        .recoverWithNull())
                .toList();
        return Uni.join().all(lookups).andFailFast().map(ignored -> found);
    }

    private Uni<Void> commit(
            List<PendingSend> batch,
            int attempt,
            int epoch,
            Map<String, DataKey> keys,
            BatchPhases.Lap lap,
            LaneConnection connection) {
        List<PendingSend> firsts = new ArrayList<>();
        Map<MessageRepository.SendKey, List<PendingSend>> byKey = new LinkedHashMap<>();
        for (PendingSend send : batch) {
            byKey.computeIfAbsent(send.key(), k -> {
                        firsts.add(send);
                        return new ArrayList<>();
                    })
                    .add(send);
        }
        List<MessageView> registered = new ArrayList<>();
        Map<MessageRepository.SendKey, Ack> acks = new LinkedHashMap<>();
        Map<UUID, List<PendingSend>> byConversation = byConversation(firsts);
        // Optimistic: duplicates are rare, so the dedupe check and the seq reservation share one round trip;
        // when a duplicate is found nothing was reserved and the fresh sends reserve on their own.
        return connection
                .get()
                .flatMap(conn -> PipelinedTransaction.run(
                        conn,
                        tx -> tx.first(repository.reserveUnlessStored(
                                        tx.connection(),
                                        new ArrayList<>(byKey.keySet()),
                                        conversationsOf(byConversation),
                                        countsOf(byConversation)))
                                .flatMap(reservation -> {
                                    lap.lap(BatchPhases.Phase.RESERVE);
                                    if (reservation.existing().isEmpty()) {
                                        return writeReserved(
                                                tx,
                                                byConversation,
                                                reservation.lastSeqs(),
                                                acks,
                                                registered,
                                                epoch,
                                                keys,
                                                lap);
                                    }
                                    acks.putAll(reservation.existing());
                                    List<PendingSend> fresh = firsts.stream()
                                            .filter(s -> !reservation.existing().containsKey(s.key()))
                                            .toList();
                                    if (fresh.isEmpty()) {
                                        return Uni.createFrom().voidItem();
                                    }
                                    return writeFresh(tx, fresh, acks, registered, epoch, keys, lap);
                                })))
                // The acks, written as each send's future completes, leave together: a task per event loop.
                .invoke(() -> {
                    ackBatching.together(() -> byKey.forEach(
                            (key, sends) -> sends.forEach(s -> s.result().complete(acks.get(key)))));
                    lap.lap(BatchPhases.Phase.RELEASE);
                })
                .onFailure()
                .recoverWithUni(failure -> {
                    registered.forEach(v -> localDeliveries.forget(v.conversation(), v.seq()));
                    if (LaneConnection.lost(failure)) {
                        connection.drop(); // the retry opens a new one
                    }
                    if (attempt < MAX_ATTEMPTS
                            && (LaneConnection.lost(failure)
                                    || retryable(failure)
                                    || failure instanceof StaleDataKeyException)) {
                        return write(batch, attempt + 1, lap, connection);
                    }
                    // Class only: driver messages can echo parameter values, i.e. message content.
                    LOG.warnf(
                            "send batch of %d failed: %s",
                            batch.size(), failure.getClass().getName());
                    ackBatching.together(() -> batch.forEach(s -> s.result().completeExceptionally(failure)));
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> writeFresh(
            PipelinedTransaction tx,
            List<PendingSend> fresh,
            Map<MessageRepository.SendKey, Ack> acks,
            List<MessageView> registered,
            int epoch,
            Map<String, DataKey> keys,
            BatchPhases.Lap lap) {
        Map<UUID, List<PendingSend>> byConversation = byConversation(fresh);
        return repository
                .reserveSeqs(tx.connection(), conversationsOf(byConversation), countsOf(byConversation))
                .flatMap(lastSeqs -> writeReserved(tx, byConversation, lastSeqs, acks, registered, epoch, keys, lap));
    }

    private static Map<UUID, List<PendingSend>> byConversation(List<PendingSend> sends) {
        Map<UUID, List<PendingSend>> byConversation = new LinkedHashMap<>();
        sends.forEach(s -> byConversation
                .computeIfAbsent(s.conversation(), c -> new ArrayList<>())
                .add(s));
        return byConversation;
    }

    private static UUID[] conversationsOf(Map<UUID, List<PendingSend>> byConversation) {
        return byConversation.keySet().toArray(UUID[]::new);
    }

    private static Long[] countsOf(Map<UUID, List<PendingSend>> byConversation) {
        return byConversation.values().stream().map(l -> (long) l.size()).toArray(Long[]::new);
    }

    /** Seals the sends under their reserved seqs and inserts them. */
    private Uni<Void> writeReserved(
            PipelinedTransaction tx,
            Map<UUID, List<PendingSend>> byConversation,
            Map<UUID, Long> lastSeqs,
            Map<MessageRepository.SendKey, Ack> acks,
            List<MessageView> registered,
            int epoch,
            Map<String, DataKey> keys,
            BatchPhases.Lap lap) {
        List<StoredMessage> rows = new ArrayList<>();
        List<PendingSend> rowSends = new ArrayList<>();
        List<FanoutChannel.SeqRange> ranges = new ArrayList<>();
        byConversation.forEach((conversation, sends) -> {
            long last = lastSeqs.get(conversation);
            long seq = last - sends.size() + 1;
            ranges.add(new FanoutChannel.SeqRange(conversation, seq, last));
            for (PendingSend send : sends) {
                rows.add(seal(send, seq++, epoch, keys.get(send.sender())));
                rowSends.add(send);
            }
        });
        List<MessageRepository.Franked> franked = new ArrayList<>();
        // Registered before the statements go out: the COMMIT is queued right behind the INSERT, and its NOTIFY can
        // reach the listening connection before this one hears the answers. A rollback forgets them again.
        for (int i = 0; i < rows.size(); i++) {
            MessageView view = liveView(rows.get(i), rowSends.get(i));
            byte[] commitment = rowSends.get(i).frankingCommitment();
            if (commitment != null) {
                StoredMessage row = rows.get(i);
                Countersignature signed =
                        franking.countersign(commitment, row.sender(), row.conversation(), row.seq(), row.sentAt());
                franked.add(new MessageRepository.Franked(row.conversation(), row.seq(), signed));
                view = view.withFranking(MessageFrankingRepository.view(signed));
            }
            localDeliveries.register(view, rowSends.get(i).originConnection());
            registered.add(view);
        }
        lap.lap(BatchPhases.Phase.SEAL);
        return tx.last(repository.insertAndNotify(
                        tx.connection(), rows, FanoutChannel.committed(nodeId, ranges), franked))
                .invoke(() -> {
                    lap.lap(BatchPhases.Phase.COMMIT);
                    for (int i = 0; i < rows.size(); i++) {
                        StoredMessage row = rows.get(i);
                        acks.put(
                                rowSends.get(i).key(),
                                new Ack(row.conversation(), row.clientMsgId(), row.id(), row.seq(), row.sentAt()));
                    }
                });
    }

    private StoredMessage seal(PendingSend send, long seq, int epoch, DataKey key) {
        SealedText sealed =
                cipher.seal(key, send.body(), MessageAad.of(send.conversation(), seq, send.sender(), epoch));
        return new StoredMessage(
                send.conversation(),
                seq,
                send.attachments().isEmpty() ? UUID.randomUUID() : MessageAttachments.markedId(),
                send.sender(),
                send.clientMsgId(),
                sealed,
                MessageRepository.micros(clock.instant()),
                "visible");
    }

    private static MessageView liveView(StoredMessage row, PendingSend send) {
        String sentAt = row.sentAt().toString();
        MessageView view = send.e2ee()
                ? MessageView.e2ee(
                        row.conversation(),
                        row.seq(),
                        row.id(),
                        row.sender(),
                        java.util.Base64.getEncoder().encodeToString(send.body()),
                        sentAt)
                : MessageView.readable(
                        row.conversation(),
                        row.seq(),
                        row.id(),
                        row.sender(),
                        new String(send.body(), java.nio.charset.StandardCharsets.UTF_8),
                        sentAt);
        return view.fromRegion(send.senderRegion()).withAttachments(send.attachments());
    }

    /**
     * Unique violation (a concurrent duplicate in another lane), deadlock or serialization failure. A batch whose
     * connection was lost under it ({@link LaneConnection#lost}) is retried too, on a new connection: whether or
     * not the lost one's COMMIT got through, the retry's duplicate check answers with what was stored, so nothing
     * is written or acked twice.
     */
    private static boolean retryable(Throwable failure) {
        return failure instanceof PgException pg
                && ("23505".equals(pg.getSqlState())
                        || "40P01".equals(pg.getSqlState())
                        || "40001".equals(pg.getSqlState()));
    }
}
