package dev.charter.federation;

import dev.charter.crypto.CryptoShredder;
import dev.charter.crypto.DeletionReceipt;
import dev.charter.identity.UserRepository.Residence;
import dev.charter.identity.UserService;
import dev.charter.messaging.conversation.ConversationService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Erasure across regions. The home region passes each erasure of its users on to every peer, retrying until
 * the peer's signed receipt is in; a peer shreds its own keys of the user (which sealed its copies of their
 * messages), takes them out of its replicas and forgets them, then signs the receipt with its own receipt key.
 */
@ApplicationScoped
public class RemoteErasures {

    private static final long EVERY_MILLIS = 2_000;

    private final Peers peers;
    private final RemoteErasureRepository erasures;
    private final CryptoShredder shredder;
    private final UserService users;
    private final ConversationService conversations;
    private final Vertx vertx;
    private final RetryRounds<RemoteErasureRepository.Pending> rounds;

    RemoteErasures(
            Peers peers,
            RemoteErasureRepository erasures,
            CryptoShredder shredder,
            UserService users,
            ConversationService conversations,
            Vertx vertx) {
        this.peers = peers;
        this.erasures = erasures;
        this.shredder = shredder;
        this.users = users;
        this.conversations = conversations;
        this.vertx = vertx;
        this.rounds = new RetryRounds<>("erasures to peer regions", erasures::pending, this::deliver);
    }

    /** A region's deletion receipt for one user's data there. */
    @RegisterForReflection
    public record Receipt(String region, String payload, String signature, String algorithm, String signingKey) {
        JsonObject json() {
            return JsonObject.of(
                    "region",
                    region,
                    "payload",
                    payload,
                    "signature",
                    signature,
                    "algorithm",
                    algorithm,
                    "signingKey",
                    signingKey);
        }
    }

    @RegisterForReflection
    public record Request(String user) {}

    void start(@Observes StartupEvent event) {
        if (peers.enabled()) {
            rounds.start(vertx, EVERY_MILLIS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        rounds.stop(vertx);
    }

    private Uni<Void> deliver(RemoteErasureRepository.Pending pending) {
        if (!peers.isPeer(pending.region())) {
            return Uni.createFrom().voidItem(); // no longer a peer: kept, and sent if it comes back
        }
        return peers.call(pending.region(), "POST", "/v1/federation/erasures", new Request(pending.user()))
                .flatMap(response -> {
                    if (response.statusCode() != 200) {
                        return erasures.failed(pending.user(), pending.region());
                    }
                    Receipt receipt = peers.read(response, Receipt.class);
                    return erasures.received(pending.user(), pending.region(), receipt.json());
                })
                .onFailure()
                .recoverWithUni(failure -> erasures.failed(pending.user(), pending.region()));
    }

    /** A peer's side: erase what this region holds of {@code user}, who lives in {@code home}. */
    public Uni<Receipt> eraseFor(String home, Request request) {
        if (request == null || request.user() == null || request.user().isBlank()) {
            throw dev.charter.common.ProblemException.badRequest("'user' is required.");
        }
        String user = request.user();
        return users.residences(List.of(user))
                .flatMap(found -> {
                    Residence residence = found.get(user);
                    if (residence != null && !home.equals(residence.homeRegion())) {
                        throw dev.charter.common.ProblemException.forbidden(
                                "Region " + home + " erases only its own users.");
                    }
                    Uni<DeletionReceipt> shredded = shredder.destroyKeys(user);
                    return residence == null
                            ? shredded
                            : shredded.call(() -> conversations.removeFromAll(user))
                                    .call(() -> users.erase(user));
                })
                .map(receipt -> new Receipt(
                        peers.self(),
                        receipt.payload(),
                        receipt.signature(),
                        receipt.algorithm(),
                        receipt.signingKey()));
    }

    /** Every region's answer for the user: the receipt, or null while that region has not answered. */
    public Uni<List<RemoteErasureRepository.Status>> statusOf(String user) {
        return erasures.statusOf(user);
    }
}
