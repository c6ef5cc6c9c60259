package dev.charter.messaging;

/**
 * A feature that reacts to every committed and acked send (usage analytics). Called on the event loop that
 * released the ack, so it must not block. A plain interface rather than a CDI event: ArC activates a request
 * context for every synchronous notification, which cost an allocation-heavy context per message.
 */
public interface MessageSentListener {

    void onMessageSent(MessageSent sent);
}
