package dev.charter.testsupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's clock in {@code @QuarkusTest}s: real time shifted by an offset that a test may move
 * forward ({@link #advance}) to reach deadlines and retention limits; {@link #reset} in {@code @AfterEach}.
 */
public final class TestClock extends Clock {

    private static final AtomicReference<Duration> OFFSET = new AtomicReference<>(Duration.ZERO);
    static final TestClock INSTANCE = new TestClock();

    private TestClock() {}

    public static void advance(Duration by) {
        OFFSET.updateAndGet(offset -> offset.plus(by));
    }

    public static void reset() {
        OFFSET.set(Duration.ZERO);
    }

    public static Instant now() {
        return INSTANCE.instant();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(OFFSET.get());
    }

    @ApplicationScoped
    static class Producer {

        @Produces
        @ApplicationScoped
        Clock clock() {
            return INSTANCE;
        }
    }
}
