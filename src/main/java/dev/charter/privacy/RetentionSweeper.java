package dev.charter.privacy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.charter.audit.AuditLog;
import dev.charter.crypto.CryptoShredder;
import dev.charter.jurisdiction.JurisdictionDirectory;
import dev.charter.jurisdiction.JurisdictionProfile;
import dev.charter.messaging.expiry.MessageExpiry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Retention: every {@code charter.retention.sweep-interval} (and on demand) messages past retention expire
 * and, per jurisdiction, the month keys wholly past its default retention are crypto-shredded, so backups
 * lose them too. A month key goes once the month's last day is older than the retention, so a message lives
 * at most retention + one month. Messages are marked expired before their keys are destroyed, so members
 * never see retention as an erasure. Each step works off what the data still holds, in bounded batches:
 * running it again is a no-op, and a crash mid-sweep is finished by the next run. A conversation's own
 * retention ({@code retentionDays}) expires its messages sooner; it cannot keep them longer, since the
 * authors' month keys go on the jurisdiction schedule.
 */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);

    private final JurisdictionDirectory jurisdictions;
    private final MessageExpiry messages;
    private final CryptoShredder shredder;
    private final RetentionLock lock;
    private final AuditLog audit;
    private final Clock clock;
    private final Vertx vertx;
    private final Duration interval;
    private final int batch;
    private final List<dev.charter.crypto.UnreadableData> unreadable;
    private long timer = -1;

    RetentionSweeper(
            JurisdictionDirectory jurisdictions,
            MessageExpiry messages,
            CryptoShredder shredder,
            RetentionLock lock,
            AuditLog audit,
            Clock clock,
            Vertx vertx,
            RetentionConfig config,
            jakarta.enterprise.inject.Instance<dev.charter.crypto.UnreadableData> unreadable) {
        this.unreadable = unreadable.stream().toList();
        this.jurisdictions = jurisdictions;
        this.messages = messages;
        this.shredder = shredder;
        this.lock = lock;
        this.audit = audit;
        this.clock = clock;
        this.vertx = vertx;
        this.interval = config.sweepInterval();
        this.batch = config.batchSize();
    }

    /** What one jurisdiction's pass did. {@code beforeEpoch}: month keys before it (yyyymm) are gone. */
    public record JurisdictionSweep(
            String jurisdiction, int retentionDays, int beforeEpoch, long expiredMessages, long destroyedKeys) {}

    /** {@code ran} is false when another instance was sweeping. */
    public record Result(
            boolean ran, Instant at, List<JurisdictionSweep> jurisdictions, long expiredByConversationRetention) {

        @JsonProperty
        public long expiredMessages() {
            return expiredByConversationRetention
                    + jurisdictions.stream()
                            .mapToLong(JurisdictionSweep::expiredMessages)
                            .sum();
        }

        @JsonProperty
        public long destroyedKeys() {
            return jurisdictions.stream()
                    .mapToLong(JurisdictionSweep::destroyedKeys)
                    .sum();
        }
    }

    void start(@Observes StartupEvent event) {
        if (interval.isZero() || interval.isNegative()) {
            LOG.warn("the retention sweeper is off (charter.retention.sweep-interval <= 0)");
            return;
        }
        timer = vertx.setPeriodic(
                interval.toMillis(),
                id -> sweep(AuditLog.SYSTEM)
                        .subscribe()
                        .with(
                                result -> {},
                                failure -> LOG.warnf(
                                        "retention sweep failed, the next one resumes: %s",
                                        failure.getClass().getName())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Sweeps now; {@code actor} (the system, or the admin who asked) is named in the audit record. */
    public Uni<Result> sweep(String actor) {
        Instant now = clock.instant();
        return lock.whileHeld(() -> sweepAll(actor, now))
                .map(done -> done.orElseGet(() -> new Result(false, now, List.of(), 0)));
    }

    private Uni<Result> sweepAll(String actor, Instant now) {
        Uni<List<JurisdictionSweep>> passes = Uni.createFrom().item(new ArrayList<>());
        for (String id : jurisdictions.all()) {
            Optional<Integer> days = jurisdictions
                    .profile(id)
                    .map(JurisdictionProfile::defaultRetention)
                    .map(JurisdictionProfile.Retention::days);
            if (days.isEmpty()) {
                continue;
            }
            passes = passes.flatMap(
                    done -> sweepJurisdiction(id, days.get(), now).map(pass -> {
                        done.add(pass);
                        return done;
                    }));
        }
        return passes.flatMap(done -> messages.expireByConversationRetention(now, batch)
                        .map(byConversation -> new Result(true, now, done, byConversation)))
                .call(this::deleteUnreadable)
                .call(result -> record(actor, result));
    }

    private Uni<JurisdictionSweep> sweepJurisdiction(String jurisdiction, int days, Instant now) {
        int beforeEpoch = epochOf(now.minus(Duration.ofDays(days)));
        return messages.expireAuthoredBefore(jurisdiction, beforeEpoch, batch)
                .flatMap(expired -> destroyKeys(jurisdiction, beforeEpoch, 0)
                        .map(keys -> new JurisdictionSweep(jurisdiction, days, beforeEpoch, expired, keys)));
    }

    private Uni<Long> destroyKeys(String jurisdiction, int beforeEpoch, long done) {
        return shredder.destroyRetainedKeys(jurisdiction, beforeEpoch, batch)
                .flatMap(count -> count == 0
                        ? Uni.createFrom().item(done)
                        : destroyKeys(jurisdiction, beforeEpoch, done + count));
    }

    /** What the keys destroyed (now or before) left unreadable goes too, one bounded batch per feature and sweep. */
    private Uni<Void> deleteUnreadable(Result ignored) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (dev.charter.crypto.UnreadableData data : unreadable) {
            all = all.call(() -> data.deleteUnreadable(batch));
        }
        return all;
    }

    /** Only sweeps that changed something are audited (counts and months, no personal data). */
    private Uni<Void> record(String actor, Result result) {
        if (result.expiredMessages() == 0 && result.destroyedKeys() == 0) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("expiredMessages", result.expiredMessages());
        details.put("destroyedKeys", result.destroyedKeys());
        details.put(
                "jurisdictions",
                result.jurisdictions().stream()
                        .filter(j -> j.expiredMessages() > 0 || j.destroyedKeys() > 0)
                        .map(j -> Map.of(
                                "jurisdiction",
                                j.jurisdiction(),
                                "beforeEpoch",
                                j.beforeEpoch(),
                                "expiredMessages",
                                j.expiredMessages(),
                                "destroyedKeys",
                                j.destroyedKeys()))
                        .toList());
        LOG.infof(
                "retention sweep: %d messages expired, %d month keys destroyed",
                result.expiredMessages(), result.destroyedKeys());
        return audit.record(actor, "retention.sweep", null, details);
    }

    static int epochOf(Instant instant) {
        ZonedDateTime at = instant.atZone(ZoneOffset.UTC);
        return at.getYear() * 100 + at.getMonthValue();
    }
}
