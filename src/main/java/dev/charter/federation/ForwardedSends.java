package dev.charter.federation;

import dev.charter.messaging.Ack;
import dev.charter.messaging.ClientFrame;
import dev.charter.messaging.send.RemoteSends;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** A member of a replica sends: the host commits and acks, then ships the message back like any other. */
@ApplicationScoped
public class ForwardedSends implements RemoteSends {

    private final Peers peers;
    private final TransferRegister register;

    ForwardedSends(Peers peers, TransferRegister register) {
        this.peers = peers;
        this.register = register;
    }

    @Override
    public Uni<Void> read(String hostRegion, String user, UUID conversation, long seq) {
        return act(hostRegion, "/v1/federation/read", new Replication.MemberAction(conversation, user, seq));
    }

    @Override
    public Uni<Void> delete(String hostRegion, String sender, UUID conversation, long seq) {
        return act(hostRegion, "/v1/federation/delete", new Replication.MemberAction(conversation, sender, seq));
    }

    private Uni<Void> act(String hostRegion, String path, Replication.MemberAction action) {
        if (!peers.isPeer(hostRegion)) {
            return Uni.createFrom().failure(Peers.unavailable(hostRegion));
        }
        return peers.call(hostRegion, "POST", path, action)
                .onFailure(Peers.PeerUnreachable.class)
                .transform(failure -> Peers.unavailable(hostRegion))
                .invoke(response -> {
                    if (response.statusCode() != 204 && response.statusCode() != 200) {
                        throw peers.problemFrom(hostRegion, response);
                    }
                })
                .replaceWithVoid();
    }

    @Override
    public CompletionStage<Ack> send(String hostRegion, String sender, String jurisdiction, ClientFrame.Send frame) {
        if (!peers.isPeer(hostRegion)) {
            return java.util.concurrent.CompletableFuture.failedFuture(Peers.unavailable(hostRegion));
        }
        return peers.call(
                        hostRegion,
                        "POST",
                        "/v1/federation/send",
                        new Replication.Send(
                                frame.conversation(), sender, frame.clientMsgId(), frame.text(), frame.ciphertext()))
                .onFailure(Peers.PeerUnreachable.class)
                .transform(failure -> Peers.unavailable(hostRegion))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw peers.problemFrom(hostRegion, response);
                    }
                    Replication.SendAck ack = peers.read(response, Replication.SendAck.class);
                    return new Ack(
                            ack.conversation(),
                            ack.clientMsgId(),
                            ack.messageId(),
                            ack.seq(),
                            Instant.parse(ack.sentAt()));
                })
                .onFailure(Peers.PeerUnreachable.class)
                .transform(failure -> Peers.unavailable(hostRegion))
                .call(ack -> register.record(hostRegion, Map.of(sender, new TransferRegister.Sent(jurisdiction, 1))))
                .subscribeAsCompletionStage();
    }
}
