package dev.charter.federation;

import dev.charter.common.ProblemException;
import dev.charter.crypto.DataKey;
import dev.charter.crypto.MessageAad;
import dev.charter.crypto.MessageCipher;
import dev.charter.crypto.SealedText;
import dev.charter.identity.UserRepository.Residence;
import dev.charter.identity.UserService;
import dev.charter.messaging.StoredMessage;
import dev.charter.messaging.conversation.MembershipCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A replica's side: applies what a host region ships, sealing each message again under this region's keys (so
 * erasure and retention here destroy this copy with this region's keys). A peer writes only conversations it
 * hosts, with at least one member of its own and one of this region.
 */
@ApplicationScoped
public class ReplicaApplier {

    private static final byte[] NOTHING = new byte[0];

    private final ReplicaRepository replicas;
    private final UserService users;
    private final MessageCipher cipher;
    private final Peers peers;
    private final MembershipCache membership;

    ReplicaApplier(
            ReplicaRepository replicas,
            UserService users,
            MessageCipher cipher,
            Peers peers,
            MembershipCache membership) {
        this.replicas = replicas;
        this.users = users;
        this.cipher = cipher;
        this.peers = peers;
        this.membership = membership;
    }

    public Uni<Replication.BatchApplied> apply(String host, Replication.Batch batch) {
        if (batch == null || batch.conversations() == null) {
            throw ProblemException.badRequest("'conversations' is required.");
        }
        Uni<List<Replication.Applied>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Replication.ConversationBatch conversation : batch.conversations()) {
            chain = chain.flatMap(done -> apply(host, conversation)
                    // One conversation's refusal (or a failure writing it) never holds back the others.
                    .onFailure()
                    .recoverWithItem(refused -> new Replication.Applied(
                            conversation.id(),
                            0,
                            false,
                            refused instanceof ProblemException problem
                                    ? problem.detail()
                                    : refused.getClass().getSimpleName()))
                    .map(applied -> {
                        done.add(applied);
                        return done;
                    }));
        }
        return chain.map(Replication.BatchApplied::new);
    }

    private Uni<Replication.Applied> apply(String host, Replication.ConversationBatch batch) {
        if (batch.id() == null) {
            throw ProblemException.badRequest("Every conversation needs its 'id'.");
        }
        return replicas.hostOf(batch.id()).flatMap(known -> {
            if (known.isPresent() && !known.get().equals(host)) {
                throw ProblemException.forbidden("Region " + host + " does not host this conversation.");
            }
            if (known.isEmpty() && batch.state() == null) {
                return Uni.createFrom().item(new Replication.Applied(batch.id(), 0, true));
            }
            Uni<Void> members = batch.state() == null
                    ? Uni.createFrom().voidItem()
                    : recordMembers(host, batch.state(), known.isEmpty());
            return members.flatMap(ignored -> seal(batch))
                    .flatMap(copy -> replicas.apply(
                            batch.id(),
                            host,
                            batch.state(),
                            copy.rows(),
                            copy.hiddenStates(),
                            batch.events() == null ? List.of() : batch.events(),
                            "replica:" + host))
                    .invoke(() -> membership.invalidate(batch.id()))
                    .map(last -> new Replication.Applied(batch.id(), last, false));
        });
    }

    /**
     * A new conversation must have a member of the host's own region and one of this region's, known here as such
     * (a host keeps hosting after its own members left). Members of other regions are recorded where they live.
     */
    private Uni<Void> recordMembers(String host, Replication.State state, boolean isNew) {
        List<Replication.Member> members = state.members() == null ? List.of() : state.members();
        if (isNew && members.stream().noneMatch(m -> host.equals(m.homeRegion()))) {
            throw ProblemException.forbidden("A host writes only conversations with a member of its own.");
        }
        List<String> ours = members.stream()
                .filter(m -> peers.self().equals(m.homeRegion()))
                .map(Replication.Member::id)
                .toList();
        if (isNew && ours.isEmpty()) {
            throw ProblemException.forbidden("This conversation has no member in " + peers.self() + ".");
        }
        return users.residences(ours).flatMap(found -> {
            for (String id : ours) {
                Residence residence = found.get(id);
                if (residence == null || !residence.local()) {
                    throw ProblemException.unprocessable(
                            "A member said to live in " + peers.self() + " is not known here.");
                }
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Replication.Member member : members) {
                if (!peers.self().equals(member.homeRegion())) {
                    chain = chain.flatMap(ignored -> users.recordRemote(
                            member.id(), member.country(), member.jurisdiction(), member.homeRegion()));
                }
            }
            return chain;
        });
    }

    private record Sealed(List<StoredMessage> rows, List<String> hiddenStates) {}

    /** Seals the visible messages under this region's month keys of their authors (before any transaction). */
    private Uni<Sealed> seal(Replication.ConversationBatch batch) {
        List<Replication.Message> messages = batch.messages() == null
                ? List.of()
                : batch.messages().stream()
                        .sorted(java.util.Comparator.comparingLong(Replication.Message::seq))
                        .toList();
        List<String> senders = messages.stream()
                .filter(m -> "visible".equals(m.state()))
                .map(Replication.Message::sender)
                .distinct()
                .toList();
        int epoch = cipher.currentEpoch();
        Uni<Map<String, DataKey>> keys =
                senders.isEmpty() ? Uni.createFrom().item(Map.of()) : cipher.keysForSending(senders, epoch);
        return keys.map(found -> {
            List<StoredMessage> rows = new ArrayList<>(messages.size());
            List<String> hidden = new ArrayList<>(messages.size());
            for (Replication.Message m : messages) {
                DataKey key = found.get(m.sender());
                boolean visible = "visible".equals(m.state());
                String hiddenAs =
                        visible && key != null && key.destroyed() ? "erased" : visible ? null : hiddenState(m);
                SealedText body = hiddenAs == null
                        ? cipher.seal(key, bytes(m), MessageAad.of(batch.id(), m.seq(), m.sender(), epoch))
                        : new SealedText(0, 0, NOTHING, NOTHING);
                rows.add(new StoredMessage(
                        batch.id(),
                        m.seq(),
                        m.id(),
                        m.sender(),
                        m.clientMsgId(),
                        body,
                        Instant.parse(m.sentAt()),
                        "visible"));
                hidden.add(hiddenAs);
            }
            return new Sealed(rows, hidden);
        });
    }

    private static String hiddenState(Replication.Message m) {
        return "removed".equals(m.state()) ? "removed" : "erased";
    }

    private static byte[] bytes(Replication.Message m) {
        if (m.ciphertext() != null) {
            return Base64.getDecoder().decode(m.ciphertext());
        }
        if (m.text() == null) {
            throw ProblemException.badRequest("A visible message needs its text or ciphertext.");
        }
        return m.text().getBytes(StandardCharsets.UTF_8);
    }
}
