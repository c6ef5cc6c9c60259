package dev.charter.messaging.send;

import dev.charter.messaging.Ack;
import dev.charter.messaging.ClientFrame;
import java.util.concurrent.CompletionStage;

/**
 * Sends into a conversation another region hosts: the host commits and assigns the seq, and the ack comes
 * back from it, so an ack still means committed. Owned by the send path, implemented by federation.
 */
public interface RemoteSends {

    /**
     * Completes with the host's ack; fails with the host's refusal, or with a retryable {@code internal} error
     * when the host cannot be reached (nothing was acked). {@code jurisdiction} is the sender's: the send is a
     * transfer of their data to the host's region.
     */
    CompletionStage<Ack> send(String hostRegion, String sender, String jurisdiction, ClientFrame.Send frame);
}
