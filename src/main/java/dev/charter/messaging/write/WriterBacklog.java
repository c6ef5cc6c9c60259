package dev.charter.messaging.write;

import dev.charter.messaging.ws.HandshakeGate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Singleton;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backpressure from the writer lanes to the sockets. A lane commits on one event loop while the sockets are read
 * on all of them, so under more sends than the database takes the lanes' queues would grow without bound
 * (hundreds of MB a minute, then the collector takes the CPU). Past
 * {@code 2 x max-batch} queued sends per lane, a socket whose send joins the queue stops being read (Netty's
 * auto-read off: its client's frames wait in TCP, which pushes back on the client); once the lanes have taken
 * the queues down to half that, every paused socket is read again.
 */
@Singleton
public class WriterBacklog {

    /** The socket's channel, put there at the handshake ({@link HandshakeGate}). */
    public static final UserData.TypedKey<Channel> CHANNEL = new UserData.TypedKey<>("charter.channel");

    private final AtomicInteger queued = new AtomicInteger();
    private final Queue<Channel> paused = new ConcurrentLinkedQueue<>();
    private final int highWater;
    private final int lowWater;

    private final Counter pauses;

    WriterBacklog(MessagingConfig config, MeterRegistry registry) {
        this.highWater = 2 * Math.max(1, config.maxBatch()) * Math.max(1, config.writerLanes());
        this.lowWater = highWater / 2;
        Gauge.builder("charter_send_queued", queued, AtomicInteger::get)
                .description("Sends waiting in the writer lanes' queues")
                .register(registry);
        this.pauses = Counter.builder("charter_socket_read_pauses")
                .description("Sockets no longer read for a while because the writer lanes' queues were full")
                .register(registry);
    }

    /** A send joined a lane's queue. */
    void added() {
        queued.incrementAndGet();
    }

    /** A lane took {@code count} sends off its queue for a batch. */
    void taken(int count) {
        if (queued.addAndGet(-count) <= lowWater) {
            resumeAll();
        }
    }

    /** After one of the connection's sends joined a queue: stops reading it while the queues are too long. */
    public void pauseIfFull(WebSocketConnection connection) {
        if (queued.get() <= highWater) {
            return;
        }
        Channel channel = connection.userData().get(CHANNEL);
        if (channel == null || !channel.config().isAutoRead()) {
            return;
        }
        channel.config().setAutoRead(false);
        paused.add(channel);
        pauses.increment();
        // The lanes may have drained below the low water between the check and the pause: nobody would resume it.
        if (queued.get() <= lowWater) {
            resumeAll();
        }
    }

    private void resumeAll() {
        Channel channel;
        while ((channel = paused.poll()) != null) {
            channel.config().setAutoRead(true);
        }
    }
}
