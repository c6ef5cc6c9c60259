package dev.charter.push;

import dev.charter.messaging.MessageSent;
import dev.charter.messaging.MessageSentListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Pushes committed messages to members who are not connected. The send path only offers the message to a
 * bounded queue (full: dropped and counted); one worker thread decides who gets a push and hands each to its
 * provider asynchronously, with retries and doubling backoff. A slow or failing provider costs the senders
 * nothing.
 * <p>
 * Metrics: {@code charter_push_sent_total{platform,outcome}} with outcome {@code sent}, {@code dead} (token
 * deleted), {@code failed} (after the last attempt or refused), {@code dropped} (too many in flight), and
 * {@code charter_push_dropped_total} for messages the full queue turned away.
 */
@Singleton
public class PushDispatcher implements MessageSentListener {

    private static final Logger LOG = Logger.getLogger(PushDispatcher.class);
    private static final int BATCH = 256;

    private record Queued(MessageSent sent, Instant at) {}

    private record Push(PushTarget target, UUID conversation, long seq) {}

    private final PushProviders providers;
    private final Presence presence;
    private final PushTargetRepository targets;
    private final DeviceRepository devices;
    private final PushConfig config;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final BlockingQueue<Queued> queue;
    private final Counter queueDrops;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Clock clock = Clock.systemUTC();
    private volatile boolean running;
    private Thread worker;

    PushDispatcher(
            PushProviders providers,
            Presence presence,
            PushTargetRepository targets,
            DeviceRepository devices,
            PushConfig config,
            Vertx vertx,
            MeterRegistry registry) {
        this.providers = providers;
        this.presence = presence;
        this.targets = targets;
        this.devices = devices;
        this.config = config;
        this.vertx = vertx;
        this.registry = registry;
        this.queue = new ArrayBlockingQueue<>(config.queueSize());
        this.queueDrops = Counter.builder("charter_push_dropped")
                .description("Committed messages not considered for push because the push queue was full")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!providers.enabled()) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name("charter-push").daemon().start(this::work);
    }

    void stop(@Observes ShutdownEvent event) {
        if (worker == null) {
            return;
        }
        running = false;
        worker.interrupt();
        try {
            worker.join(2_000);
            presence.leave();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debugf(
                    "push: presence not withdrawn on shutdown (%s)",
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void onMessageSent(MessageSent sent) {
        if (running && !queue.offer(new Queued(sent, clock.instant()))) {
            queueDrops.increment();
        }
    }

    private void work() {
        warmUp();
        Instant nextHeartbeat = Instant.EPOCH;
        List<Queued> batch = new ArrayList<>();
        while (running) {
            try {
                Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
                Instant now = clock.instant();
                if (!now.isBefore(nextHeartbeat)) {
                    presence.heartbeat();
                    nextHeartbeat = now.plus(config.heartbeat());
                }
                presence.flush();
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (Queued queued : batch) {
                    decide(queued);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("push: a round failed (%s); carrying on", e.getClass().getSimpleName());
            }
        }
    }

    /** The first push after start-up should not wait for provider tokens or the first statement's preparation. */
    private void warmUp() {
        providers.warmUp();
        try {
            Instant now = clock.instant();
            targets.claim(new UUID(0, 0), "", 0, now, now, now, now).await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.debugf("push: warm-up query failed (%s)", e.getClass().getSimpleName());
        }
    }

    private void decide(Queued queued) {
        MessageSent sent = queued.sent();
        Instant now = clock.instant();
        List<PushTarget> chosen = targets.claim(
                        sent.conversation(),
                        sent.sender(),
                        sent.seq(),
                        queued.at(),
                        now,
                        presence.liveAfter(now),
                        now.minus(config.minInterval()))
                .await()
                .atMost(Duration.ofSeconds(10));
        for (PushTarget target : chosen) {
            deliver(new Push(target, sent.conversation(), sent.seq()), 1);
        }
    }

    private void deliver(Push push, int attempt) {
        String platform = push.target().platform();
        PushProvider provider = providers.forPlatform(platform);
        if (provider == null) {
            return; // that platform's provider is off
        }
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            inFlight.decrementAndGet();
            count(platform, "dropped");
            return;
        }
        provider.send(push.target(), push.conversation(), push.seq()).whenComplete((outcome, failure) -> {
            inFlight.decrementAndGet();
            PushProvider.Outcome result = failure == null ? outcome : PushProvider.Outcome.RETRY;
            switch (result) {
                case SENT -> {
                    count(platform, "sent");
                    devices.pushed(push.target(), clock.instant()).subscribe().with(ok -> {}, e -> {});
                }
                case DEAD -> {
                    count(platform, "dead");
                    devices.deleteDead(push.target()).subscribe().with(ok -> {}, e -> {});
                }
                case RETRY -> retry(push, attempt);
                case FAILED -> count(platform, "failed");
            }
        });
    }

    private void retry(Push push, int attempt) {
        if (attempt >= config.maxAttempts() || !running) {
            count(push.target().platform(), "failed");
            return;
        }
        long delay = config.retryBackoff().toMillis() << (attempt - 1);
        vertx.setTimer(Math.max(1, delay), id -> deliver(push, attempt + 1));
    }

    private void count(String platform, String outcome) {
        outcomes.computeIfAbsent(
                        platform + "/" + outcome,
                        key -> Counter.builder("charter_push_sent")
                                .description("Pushes handed to a provider, by platform and outcome")
                                .tag("platform", platform)
                                .tag("outcome", outcome)
                                .register(registry))
                .increment();
    }
}
