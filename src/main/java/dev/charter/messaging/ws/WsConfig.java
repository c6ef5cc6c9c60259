package dev.charter.messaging.ws;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code charter.ws.*}: limits of the WebSocket endpoint. */
@ConfigMapping(prefix = "charter.ws")
public interface WsConfig {

    /** Largest accepted frame; larger ones get {@code payload_too_large}. */
    @WithDefault("65536")
    int maxFrameBytes();

    /** Bad frames tolerated per connection within {@link #badFrameWindow()} before close 1008. */
    @WithDefault("20")
    int badFrameLimit();

    @WithDefault("60s")
    Duration badFrameWindow();

    /** Sustained sends per second per user. */
    @WithDefault("100")
    int sendsPerSecond();

    /** Burst of sends per user above the sustained rate. */
    @WithDefault("200")
    int sendBurst();

    /**
     * Sustained {@code sync}, {@code read}, {@code edit} and {@code unsend} frames per second per user; past the
     * burst they get {@code rate_limited}. Generous enough for a client syncing every conversation after a
     * reconnect.
     */
    @WithDefault("50")
    int framesPerSecond();

    /** Burst of those frames per user above the sustained rate. */
    @WithDefault("200")
    int frameBurst();

    /** Largest page a {@code sync} may ask for. */
    @WithDefault("500")
    int maxSyncLimit();

    /** Open connections one user may hold on this instance; the next handshake is refused with HTTP 429. */
    @WithDefault("10")
    int maxConnectionsPerUser();

    /**
     * Frames written to one connection and not yet taken by its socket; past this the client is not reading
     * and is closed with 1008 (it reconnects and syncs) instead of the server buffering without bound.
     */
    @WithDefault("1000")
    int maxOutboundFrames();

    /**
     * Bytes written to one connection that its socket has not sent yet (beyond Netty's low water mark); past
     * this the client is closed with 1008 like past {@link #maxOutboundFrames()}. Bounds the memory a client
     * that stops reading can hold when its frames are large (history pages, long texts).
     */
    @WithDefault("4194304")
    long maxOutboundBytes();

    /** How often sockets that send nothing are checked for an expired token (those that send are checked per frame). */
    @WithDefault("30s")
    Duration tokenExpirySweep();

    /**
     * Origins (e.g. {@code https://app.example.com}) allowed to open a WebSocket; unset = any. A handshake
     * without an {@code Origin} header (native apps, servers) is always allowed: only browsers send one.
     */
    Optional<List<String>> allowedOrigins();
}
