package dev.charter.messaging.write;

/**
 * How a group commit hands out its acks: the completions run inside {@link #together} so that the frames they
 * send leave in one write per socket. Implemented by the WebSocket outbox; the writer does not know sockets.
 */
public interface AckBatching {

    /** Runs {@code completions}; frames they send on this thread leave together when it returns. */
    void together(Runnable completions);
}
