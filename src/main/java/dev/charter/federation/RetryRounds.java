package dev.charter.federation;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jboss.logging.Logger;

/**
 * A durable queue's delivery: every {@code period} (and on {@link #now}), one round takes up to a page of what is
 * pending and delivers each in turn; what fails stays pending for the next round. One round at a time.
 *
 * @param <T> one pending item
 */
final class RetryRounds<T> {

    private static final Logger LOG = Logger.getLogger(RetryRounds.class);
    private static final int PAGE = 100;

    private final String what;
    private final IntFunction<Uni<List<T>>> pending;
    private final Function<T, Uni<Void>> deliver;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    /** {@code what} names the queue in logs; {@code deliver} must not fail for an item it could not deliver. */
    RetryRounds(String what, IntFunction<Uni<List<T>>> pending, Function<T, Uni<Void>> deliver) {
        this.what = what;
        this.pending = pending;
        this.deliver = deliver;
    }

    void start(Vertx vertx, long periodMillis) {
        timer = vertx.setPeriodic(periodMillis, id -> now());
    }

    void stop(Vertx vertx) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** A round now, unless one runs. */
    void now() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        pending.apply(PAGE)
                .flatMap(items -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (T item : items) {
                        chain = chain.flatMap(ignored -> deliver.apply(item));
                    }
                    return chain;
                })
                .subscribe()
                .with(ok -> running.set(false), failure -> {
                    LOG.warnf("%s: %s", what, failure.getClass().getSimpleName());
                    running.set(false);
                });
    }
}
