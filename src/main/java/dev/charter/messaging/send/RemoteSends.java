package dev.charter.messaging.send;

import dev.charter.messaging.Ack;
import dev.charter.messaging.ClientFrame;
import io.smallrye.mutiny.Uni;
import java.util.UUID;
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

    /** Tells the host how far {@code user} read, for every region's members to hear of it. */
    Uni<Void> read(String hostRegion, String user, UUID conversation, long seq);

    /** Deletes the sender's own message at the host; fails with the host's refusal or a retryable error. */
    Uni<Void> delete(String hostRegion, String sender, UUID conversation, long seq);
}
