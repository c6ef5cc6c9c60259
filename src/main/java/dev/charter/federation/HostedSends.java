package dev.charter.federation;

import dev.charter.common.ProblemException;
import dev.charter.identity.UserRepository.Residence;
import dev.charter.identity.UserService;
import dev.charter.messaging.ClientFrame;
import dev.charter.messaging.conversation.MembershipCache;
import dev.charter.messaging.send.MessageService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The host's side of a send by a member of another region: the same rules as a local send (membership, status,
 * suspension, the sender's content rules), committed here, the ack returned to the sender's region. A peer sends
 * only for its own users, into conversations this region hosts.
 */
@ApplicationScoped
public class HostedSends {

    private final UserService users;
    private final MessageService messages;
    private final MembershipCache membership;

    HostedSends(UserService users, MessageService messages, MembershipCache membership) {
        this.users = users;
        this.messages = messages;
        this.membership = membership;
    }

    /** A member of the peer's region read up to {@code seq}: every region's members hear of it. */
    public Uni<Void> read(String peer, Replication.MemberAction read) {
        return requireForeignMember(peer, read)
                .flatMap(ignored -> messages.markRead(read.user(), read.conversation(), read.seq()))
                .replaceWithVoid();
    }

    /** A member of the peer's region deletes their own message; replicas get the removal. */
    public Uni<Void> delete(String peer, Replication.MemberAction delete) {
        return requireForeignMember(peer, delete)
                .flatMap(ignored -> messages.deleteOwn(delete.user(), delete.conversation(), delete.seq()));
    }

    /** Refuses (403) unless {@code user} is a user of the peer's region known here. */
    public Uni<Void> requireOwnUser(String peer, String user) {
        if (user == null) {
            throw ProblemException.badRequest("The user is required.");
        }
        return users.residences(java.util.List.of(user))
                .invoke(found -> {
                    Residence residence = found.get(user);
                    if (residence == null || !peer.equals(residence.homeRegion())) {
                        throw ProblemException.forbidden("Region " + peer + " acts only for its own users.");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> requireForeignMember(String peer, Replication.MemberAction action) {
        if (action == null || action.conversation() == null || action.user() == null) {
            throw ProblemException.badRequest("'conversation', 'user' and 'seq' are required.");
        }
        return users.residences(java.util.List.of(action.user()))
                .invoke(found -> {
                    Residence user = found.get(action.user());
                    if (user == null || !peer.equals(user.homeRegion())) {
                        throw ProblemException.forbidden("Region " + peer + " acts only for its own users.");
                    }
                })
                .flatMap(ignored -> membership.get(action.conversation()))
                .invoke(access -> {
                    if (access.isPresent() && !access.get().hostedHere()) {
                        throw ProblemException.forbidden("This region does not host that conversation.");
                    }
                })
                .replaceWithVoid();
    }

    public Uni<Replication.SendAck> send(String peer, Replication.Send send) {
        if (send == null || send.conversation() == null || send.sender() == null || send.clientMsgId() == null) {
            throw ProblemException.badRequest("'conversation', 'sender' and 'clientMsgId' are required.");
        }
        return users.residences(java.util.List.of(send.sender()))
                .map(found -> {
                    Residence sender = found.get(send.sender());
                    if (sender == null || !peer.equals(sender.homeRegion())) {
                        throw ProblemException.forbidden("Region " + peer + " sends only for its own users.");
                    }
                    return sender;
                })
                .flatMap(sender -> membership.get(send.conversation()).map(access -> {
                    if (access.isPresent() && !access.get().hostedHere()) {
                        throw ProblemException.forbidden("This region does not host that conversation.");
                    }
                    return sender;
                }))
                .flatMap(sender -> Uni.createFrom()
                        .completionStage(messages.sendFromRegion(
                                send.sender(),
                                peer,
                                sender.jurisdiction(),
                                new ClientFrame.Send(
                                        null, send.conversation(), send.clientMsgId(), send.text(), send.ciphertext())))
                        .flatMap(queued -> Uni.createFrom().completionStage(queued)))
                .map(ack -> new Replication.SendAck(
                        ack.conversation(),
                        ack.clientMsgId(),
                        ack.messageId(),
                        ack.seq(),
                        ack.sentAt().toString()));
    }
}
