package dev.charter.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.ledger.AppendOnlyStore;
import dev.charter.ledger.LedgerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Ships the chain to the external append-only sink: every {@code charter.audit.checkpoint-interval} (and on
 * demand) the events since the last checkpoint go, as JSON lines, into a new object
 * {@code audit/checkpoint-<uptoSeq>-<head prefix>.jsonl} of the sink ({@code charter.ledger.dir} or the
 * {@code charter.ledger.s3-bucket} prefix), closed by a line carrying the signed head hash. An object is never
 * rewritten: a name that exists holds the same checkpoint, written by another instance (a chain started afresh
 * on an old sink gets new names, leaving the old objects as evidence). Someone who rewrites the whole database
 * chain cannot rewrite these: in AWS they are objects under Object Lock.
 */
@ApplicationScoped
public class AuditCheckpoints {

    private static final Logger LOG = Logger.getLogger(AuditCheckpoints.class);
    private static final int MAX_EVENTS = 10_000;
    static final String PREFIX = "audit/";

    private final AuditRepository repository;
    private final CheckpointSigner signer;
    private final LedgerConfig ledger;
    private final AppendOnlyStore store;
    private final ObjectMapper json;
    private final Clock clock;
    private final Vertx vertx;
    private final Duration interval;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    AuditCheckpoints(
            AuditRepository repository,
            CheckpointSigner signer,
            LedgerConfig ledger,
            AppendOnlyStore store,
            ObjectMapper json,
            Clock clock,
            Vertx vertx,
            AuditConfig config) {
        this.repository = repository;
        this.signer = signer;
        this.ledger = ledger;
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.vertx = vertx;
        this.interval = config.checkpointInterval();
    }

    @RegisterForReflection
    public record Checkpoint(
            long fromSeq, long uptoSeq, String head, String signature, String keyId, String file, Instant at) {}

    void start(@Observes StartupEvent event) {
        if (!enabled()) {
            LOG.warn("audit checkpoints are off: set charter.ledger.dir or charter.ledger.s3-bucket, and "
                    + "charter.audit.checkpoint-key");
            return;
        }
        timer = vertx.setPeriodic(
                interval.toMillis(),
                id -> checkpoint()
                        .subscribe()
                        .with(
                                done -> {},
                                failure -> LOG.warnf(
                                        "audit checkpoint failed: %s",
                                        failure.getClass().getName())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public boolean enabled() {
        return (ledger.dir().isPresent() || ledger.s3Bucket().isPresent()) && signer.available();
    }

    /** Writes a checkpoint of the events since the last one; empty when there is nothing new. */
    public Uni<Optional<Checkpoint>> checkpoint() {
        if (!enabled()) {
            return Uni.createFrom().failure(new IllegalStateException("audit checkpoints are not configured"));
        }
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return repository
                .lastCheckpoint()
                .flatMap(last -> {
                    long from = last.map(AuditRepository.Checkpoint::uptoSeq).orElse(0L);
                    return repository.page(from, MAX_EVENTS).flatMap(events -> write(from, events));
                })
                .eventually(() -> running.set(false));
    }

    private Uni<Optional<Checkpoint>> write(long from, List<AuditEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        AuditEvent last = events.get(events.size() - 1);
        Checkpoint checkpoint = new Checkpoint(
                from,
                last.seq(),
                last.hash(),
                signer.sign(last.seq(), last.hash()),
                signer.keyId(),
                String.format(
                        "checkpoint-%020d-%s.jsonl", last.seq(), last.hash().substring(0, 16)),
                clock.instant());
        return Uni.createFrom()
                .item(() -> writeFile(checkpoint, events))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(ignored -> repository.insertCheckpoint(new AuditRepository.Checkpoint(
                        from,
                        last.seq(),
                        checkpoint.head(),
                        checkpoint.signature(),
                        checkpoint.file(),
                        checkpoint.at())))
                .map(ignored -> Optional.of(checkpoint));
    }

    private Void writeFile(Checkpoint checkpoint, List<AuditEvent> events) {
        StringBuilder lines = new StringBuilder();
        for (AuditEvent e : events) {
            ObjectNode line = json.createObjectNode()
                    .put("seq", e.seq())
                    .put("at", e.at().toString())
                    .put("actor", e.actor())
                    .put("action", e.action())
                    .put("subject", e.subject());
            line.set("details", e.details());
            line.put("prevHash", e.prevHash()).put("hash", e.hash());
            lines.append(line).append('\n');
        }
        lines.append(json.createObjectNode()
                        .put("type", "checkpoint")
                        .put("fromSeq", checkpoint.fromSeq())
                        .put("uptoSeq", checkpoint.uptoSeq())
                        .put("head", checkpoint.head())
                        .put("at", checkpoint.at().toString())
                        .put("keyId", checkpoint.keyId())
                        .put("signature", checkpoint.signature()))
                .append('\n');
        // false: the name exists, so another instance wrote this very checkpoint (same events, same head)
        store.putIfAbsent(PREFIX + checkpoint.file(), lines.toString().getBytes(StandardCharsets.UTF_8));
        return null;
    }
}
