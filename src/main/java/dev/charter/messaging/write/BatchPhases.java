package dev.charter.messaging.write;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a group commit's time goes: the database's two round trips against the server's own work around them
 * ({@code charter_send_batch_phase{phase}}), so an operator can tell a slow database from a busy server.
 * The phases of one batch add up to its {@code charter_send_batch_duration}.
 */
final class BatchPhases {

    enum Phase {
        /** The senders' data keys (a cache hit in the steady state). */
        KEYS,
        /** BEGIN, duplicate check and seq reservation: the first round trip, from sending to its answer. */
        RESERVE,
        /** Sealing the rows under their seqs and registering them for local delivery. */
        SEAL,
        /** INSERT, NOTIFY and COMMIT: the second round trip, from sending to its answer. */
        COMMIT,
        /** Completing the sends and handing their acks to the sockets' event loops. */
        RELEASE
    }

    private final Map<Phase, Timer> timers = new EnumMap<>(Phase.class);

    BatchPhases(MeterRegistry registry) {
        for (Phase phase : Phase.values()) {
            timers.put(
                    phase,
                    Timer.builder("charter_send_batch_phase")
                            .description("One phase of a group commit (keys, reserve, seal, commit, release)")
                            .tag("phase", phase.name().toLowerCase(java.util.Locale.ROOT))
                            .publishPercentileHistogram()
                            .register(registry));
        }
    }

    /** One batch's stopwatch: each {@link #lap} records the time since the previous one. */
    Lap start() {
        return new Lap(System.nanoTime());
    }

    final class Lap {
        private long last;

        private Lap(long started) {
            this.last = started;
        }

        void lap(Phase phase) {
            long now = System.nanoTime();
            timers.get(phase).record(now - last, TimeUnit.NANOSECONDS);
            last = now;
        }
    }
}
