package dev.charter.privacy;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Exports running at once: one per data subject, {@code charter.privacy.max-concurrent-exports} in total per
 * instance. An export reads a user's whole history, so unbounded concurrency would let a few accounts (or one
 * account with many downloads) hold the database; past either cap the download gets {@code 429 rate_limited}.
 */
@ApplicationScoped
public class ExportSlots {

    /** Seconds a refused download is told to wait: exports of ordinary histories take a few seconds. */
    static final int RETRY_AFTER_SECONDS = 10;

    private final Semaphore total;
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();

    @Inject
    ExportSlots(PrivacyConfig config) {
        this(config.maxConcurrentExports());
    }

    ExportSlots(int maxConcurrent) {
        this.total = new Semaphore(maxConcurrent);
    }

    /** A slot for an export of {@code subject}'s data; close it when the export has been written or failed. */
    public Slot acquire(String subject) {
        if (running.putIfAbsent(subject, Boolean.TRUE) != null) {
            throw busy("An export of this account is already being downloaded; try again when it has finished.");
        }
        if (!total.tryAcquire()) {
            running.remove(subject);
            throw busy("Too many exports are running; try again shortly.");
        }
        return new Slot(subject);
    }

    private static ProblemException busy(String detail) {
        return new ProblemException(429, ErrorCodes.RATE_LIMITED, detail, Map.of("retryAfter", RETRY_AFTER_SECONDS));
    }

    /** Releases once, however often it is closed. */
    public final class Slot implements AutoCloseable {
        private final String subject;
        private boolean released;

        private Slot(String subject) {
            this.subject = subject;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                running.remove(subject);
                total.release();
            }
        }
    }
}
