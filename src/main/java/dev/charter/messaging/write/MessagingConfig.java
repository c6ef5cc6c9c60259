package dev.charter.messaging.write;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code charter.messaging.*}: tuning of the durable write path. */
@ConfigMapping(prefix = "charter.messaging")
public interface MessagingConfig {

    /**
     * Parallel group-commit writers. A conversation always maps to the same lane, so its sends are
     * committed and delivered in order while other conversations commit beside it. Each lane commits
     * whatever arrived while its previous commit was in flight, so below saturation every lane commits
     * continuously and PostgreSQL pays its cost per transaction (about 0.6 ms of CPU on the benchmark box)
     * once per lane per round trip: fewer lanes, fewer and fuller commits. Two lanes of up to 512 sends
     * took as much at saturation as four of 256, with a quarter less PostgreSQL CPU at 10,000 sends/s and
     * a lower half-rate latency (docs/performance.md, Tuning).
     */
    @WithDefault("2")
    int writerLanes();

    /** Most sends one transaction commits together. */
    @WithDefault("512")
    int maxBatch();

    /**
     * Most sealed bytes one history page ({@code sync} or REST) holds: a page stops early, with
     * {@code hasMore}, rather than answering 500 messages of 64 KiB as one 32 MB frame. At least one message.
     */
    @WithDefault("1048576")
    int maxHistoryBytes();

    /** How long after sending its author may edit a message. */
    @WithDefault("PT15M")
    Duration editWindow();

    /** How long after sending its author may unsend a message (the {@code unsend} frame). */
    @WithDefault("P2D")
    Duration unsendWindow();
}
