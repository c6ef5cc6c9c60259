package dev.charter.messaging.ws;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.identity.CurrentUser;
import dev.charter.jurisdiction.JurisdictionDirectory;
import dev.charter.jurisdiction.RegionConfig;
import dev.charter.messaging.Ack;
import dev.charter.messaging.ClientFrame;
import dev.charter.messaging.send.MessageChanges;
import dev.charter.messaging.send.MessageService;
import dev.charter.messaging.write.WriterBacklog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * {@code /v1/ws}: parses frames, asks {@link MessageService}, answers with contract frames.
 * <p>
 * Inbound frames are handed over concurrently rather than serially: every callback here is non-blocking and
 * returns nothing, so it has finished before the event loop takes the next frame, and {@code @OnOpen} is queued
 * on that loop before any frame can be. The serial mode's per-connection queue would add ~2 KB to every idle
 * connection and a queue hand-off to every frame for no ordering we do not already have; the order of sends is
 * kept by {@link SendOrder}.
 */
@WebSocket(path = "/v1/ws", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class ChatSocket {

    private static final Logger LOG = Logger.getLogger(ChatSocket.class);
    private static final CloseReason TOO_MANY_BAD_FRAMES = new CloseReason(1008, "too many bad frames");
    private static final UserData.TypedKey<SendOrder> SEND_ORDER = new UserData.TypedKey<>("charter.sendOrder");
    private static final CloseReason MESSAGE_TOO_BIG = new CloseReason(1009, "frame too large to read");

    private final FrameReader frames;
    private final MessageService messages;
    private final ConnectionRegistry connections;
    private final SendRateLimiter rateLimiter;
    private final BadFrameBudget badFrames;
    private final FrameWriter frameWriter;
    private final RegionConfig region;
    private final JurisdictionDirectory jurisdictions;
    private final ExpiredTokens expiredTokens;
    private final Outbox outbox;
    private final GoingAway goingAway;
    private final Timer sendTimes;
    private final WriterBacklog backlog;
    private final MessageChanges changes;
    private final FrameBudget frameBudget;

    ChatSocket(
            FrameReader frames,
            MessageService messages,
            ConnectionRegistry connections,
            SendRateLimiter rateLimiter,
            BadFrameBudget badFrames,
            FrameWriter frameWriter,
            RegionConfig region,
            JurisdictionDirectory jurisdictions,
            ExpiredTokens expiredTokens,
            Outbox outbox,
            GoingAway goingAway,
            MeterRegistry registry,
            WriterBacklog backlog,
            MessageChanges changes,
            FrameBudget frameBudget) {
        this.frameBudget = frameBudget;
        this.changes = changes;
        this.backlog = backlog;
        this.goingAway = goingAway;
        // The server's whole share of a send's latency; the rest is the network and the client.
        this.sendTimes = Timer.builder("charter_send_duration")
                .description("From a send frame read to its ack or error handed to the socket's event loop")
                .publishPercentileHistogram()
                .register(registry);
        this.outbox = outbox;
        this.frames = frames;
        this.messages = messages;
        this.connections = connections;
        this.rateLimiter = rateLimiter;
        this.badFrames = badFrames;
        this.frameWriter = frameWriter;
        this.region = region;
        this.jurisdictions = jurisdictions;
        this.expiredTokens = expiredTokens;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        CurrentUser user = connection.userData().get(HandshakeGate.USER);
        outbox.open(connection);
        connection.userData().put(SEND_ORDER, new SendOrder());
        // Registered first, so the per-user connection limit counts this socket before its client can see the
        // welcome and open another. The welcome is still the first frame (the fuzz test once saw a message
        // overtake it): the outbox drops what comes before it, and the client's sync brings that.
        connections.add(user.id(), connection);
        // The missing consents are for the welcome only; they leave the connection with it.
        outbox.welcome(
                connection,
                frameWriter.write(new Frames.Welcome(
                        user.id(),
                        region.region(),
                        jurisdictions.jurisdictionOf(user.country(), user.subdivision()),
                        connection.userData().remove(HandshakeGate.MISSING_CONSENTS))));
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        CurrentUser user = connection.userData().get(HandshakeGate.USER);
        if (user != null) {
            connections.remove(user.id(), connection);
        }
        badFrames.forget(connection.id());
    }

    /**
     * Vert.x refuses a message larger than it will buffer (quarkus.websockets-next.server.max-message-size)
     * with an IllegalStateException before any of our code sees it: close with 1009 (message too big).
     */
    @OnError
    @NonBlocking
    public void onUnreadableFrame(IllegalStateException error, WebSocketConnection connection) {
        connection.close(MESSAGE_TOO_BIG).subscribe().with(ok -> {}, e -> {});
    }

    @OnTextMessage
    @NonBlocking
    public void onText(String raw, WebSocketConnection connection) {
        CurrentUser user = connection.userData().get(HandshakeGate.USER);
        if (expiredTokens.closedIfExpired(connection, user)) {
            return;
        }
        ClientFrame frame;
        try {
            frame = frames.read(raw);
        } catch (FrameReader.BadFrame bad) {
            reply(connection, new Frames.Error(bad.ref, bad.code, bad.getMessage()));
            if (badFrames.exhausted(connection.id())) {
                connection.close(TOO_MANY_BAD_FRAMES).subscribe().with(ok -> {}, e -> {});
            }
            return;
        }
        if (!frameBudget.allows(user.id(), frame)) {
            reply(connection, new Frames.Error(frame.ref(), ErrorCodes.RATE_LIMITED, "Too many frames; slow down."));
            return;
        }
        switch (frame) {
            case ClientFrame.Send send -> send(user, send, connection);
            case ClientFrame.Ping ping -> reply(connection, new Frames.Pong(ping.ref()));
            case ClientFrame.Sync sync ->
                answer(
                        connection,
                        sync.ref(),
                        messages.history(user.id(), sync.conversation(), sync.afterSeq(), sync.limit())
                                .map(page -> new Frames.History(
                                        sync.ref(), sync.conversation(), page.messages(), page.hasMore())));
            case ClientFrame.Read read ->
                answer(
                        connection,
                        read.ref(),
                        messages.markRead(user.id(), read.conversation(), read.seq())
                                .map(stored -> new Frames.Ok(read.ref())));
            case ClientFrame.Edit edit ->
                answer(
                        connection,
                        edit.ref(),
                        changes.edit(user.id(), jurisdictions.jurisdictionOf(user.country(), user.subdivision()), edit)
                                .map(done -> new Frames.Ok(edit.ref())));
            case ClientFrame.Unsend unsend ->
                answer(
                        connection,
                        unsend.ref(),
                        changes.unsend(user.id(), unsend).map(done -> new Frames.Ok(unsend.ref())));
            // No reply unless refused; extra frames inside the 3 s are dropped, not counted as bad.
            case ClientFrame.Typing typing ->
                changes.typing(user.id(), typing)
                        .subscribe()
                        .with(done -> {}, failure -> reply(connection, errorFrame(typing.ref(), failure)));
        }
    }

    private void answer(WebSocketConnection connection, String ref, Uni<?> response) {
        response.subscribe()
                .with(frame -> reply(connection, frame), failure -> reply(connection, errorFrame(ref, failure)));
    }

    /**
     * The hot path, on plain futures: no reactive operators (each would capture and restore the thread
     * context) between the frame and the writer's queue. A shutdown waits for admitted sends until their ack
     * (or error) is on its way to the client.
     */
    private void send(CurrentUser user, ClientFrame.Send send, WebSocketConnection connection) {
        long received = System.nanoTime();
        goingAway.sendStarted();
        CompletionStage<Ack> ack = rateLimiter.tryAcquire(user.id())
                ? sendOrder(connection)
                        .then(() -> messages.send(
                                user.id(),
                                jurisdictions.jurisdictionOf(user.country(), user.subdivision()),
                                send,
                                connection.id()))
                : CompletableFuture.failedFuture(
                        new ProblemException(429, ErrorCodes.RATE_LIMITED, "Too many sends; slow down."));
        backlog.pauseIfFull(connection);
        ack.whenComplete((stored, failure) -> {
            try {
                reply(
                        connection,
                        failure == null ? new Frames.SendAck(send.ref(), stored) : errorFrame(send.ref(), failure));
                sendTimes.record(System.nanoTime() - received, TimeUnit.NANOSECONDS);
            } finally {
                // Counted as finished once the ack is queued on the socket's loop, ahead of a shutdown's close.
                outbox.afterSent(goingAway::sendFinished);
            }
        });
    }

    private static SendOrder sendOrder(WebSocketConnection connection) {
        return connection.userData().get(SEND_ORDER);
    }

    private static Frames.Error errorFrame(String ref, Throwable failure) {
        if (failure instanceof CompletionException wrapped && wrapped.getCause() != null) {
            failure = wrapped.getCause();
        }
        if (failure instanceof ProblemException problem) {
            return problem.status() >= 500
                    ? Frames.Error.retryable(ref, problem.code(), problem.detail())
                    : new Frames.Error(ref, problem.code(), problem.detail());
        }
        LOG.warnf("frame failed: %s", failure.getClass().getName());
        return Frames.Error.retryable(ref, ErrorCodes.INTERNAL, "Internal error; retry with the same clientMsgId.");
    }

    private void reply(WebSocketConnection connection, Object frame) {
        if (!connection.isOpen()) {
            return;
        }
        outbox.send(connection, frameWriter.write(frame));
    }
}
