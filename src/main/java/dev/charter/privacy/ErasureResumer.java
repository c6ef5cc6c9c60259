package dev.charter.privacy;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Erasure must not stop half-way: every {@code charter.privacy.erasure-resume-interval} (and soon after
 * start-up) erasure requests left open by a failed run are run again until they complete.
 */
@ApplicationScoped
class ErasureResumer {

    private static final Logger LOG = Logger.getLogger(ErasureResumer.class);
    /** An erasure younger than this may still be running on some instance. */
    static final Duration GRACE = Duration.ofMinutes(2);

    private final RightsRequestService requests;
    private final Vertx vertx;
    private final Duration interval;
    private long timer = -1;

    ErasureResumer(RightsRequestService requests, Vertx vertx, PrivacyConfig config) {
        this.requests = requests;
        this.vertx = vertx;
        this.interval = config.erasureResumeInterval();
    }

    void start(@Observes StartupEvent event) {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        timer = vertx.setPeriodic(
                interval.toMillis(),
                id -> requests.resumeStalledErasures(GRACE)
                        .subscribe()
                        .with(
                                done -> {
                                    if (done > 0) {
                                        LOG.infof("completed %d erasure requests left open by a failed run", done);
                                    }
                                },
                                failure -> LOG.warnf(
                                        "resuming erasures failed, retrying later: %s",
                                        failure.getClass().getName())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
