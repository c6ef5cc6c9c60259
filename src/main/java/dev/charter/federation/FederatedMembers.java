package dev.charter.federation;

import dev.charter.common.ErrorCodes;
import dev.charter.common.LookupCache;
import dev.charter.common.ProblemException;
import dev.charter.identity.UserRepository.Residence;
import dev.charter.identity.UserService;
import dev.charter.jurisdiction.TransferDecision;
import dev.charter.jurisdiction.TransferPolicy;
import dev.charter.messaging.conversation.MemberDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Members of a conversation hosted here: users of this region, or of a peer region that knows them (asked in
 * turn, the answer recorded here). Every member's data must be allowed to reach every region that will hold a
 * copy: this one (the host) and each member's home region.
 */
@ApplicationScoped
public class FederatedMembers implements MemberDirectory {

    /** How long "no region knows this id" is believed before the peers are asked again. */
    private static final long UNKNOWN_FOR_MILLIS = 30_000;

    private final UserService users;
    private final Peers peers;
    private final TransferPolicy transfers;
    private final LookupCache<String, Boolean> unknown = new LookupCache<>(UNKNOWN_FOR_MILLIS, 10_000);

    FederatedMembers(UserService users, Peers peers, TransferPolicy transfers) {
        this.users = users;
        this.peers = peers;
        this.transfers = transfers;
    }

    @Override
    public Uni<Void> admit(List<String> members) {
        return users.residences(members)
                .flatMap(known -> {
                    List<String> missing = members.stream()
                            .filter(id -> !known.containsKey(id))
                            .distinct()
                            .toList();
                    if (missing.isEmpty()) {
                        return Uni.createFrom().item(known);
                    }
                    if (!peers.enabled() || missing.stream().anyMatch(id -> unknown.cached(id) != null)) {
                        return Uni.createFrom().failure(unknownUser());
                    }
                    return findElsewhere(missing).flatMap(ignored -> users.residences(members));
                })
                .invoke(this::requireTransfersCovered)
                .replaceWithVoid();
    }

    /** Asks the peers for each id, in turn, and records where each lives; unknown everywhere: unknown_user. */
    private Uni<Void> findElsewhere(List<String> ids) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String id : ids) {
            chain = chain.flatMap(ignored -> find(id, new ArrayList<>(peers.regions()), false));
        }
        return chain;
    }

    private Uni<Void> find(String id, List<String> remaining, boolean someUnreachable) {
        if (remaining.isEmpty()) {
            if (someUnreachable) {
                return Uni.createFrom().failure(Peers.unavailable("of this user"));
            }
            unknown.put(id, Boolean.TRUE);
            return Uni.createFrom().failure(unknownUser());
        }
        String peer = remaining.remove(0);
        String path = "/v1/federation/users/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        return peers.call(peer, "GET", path, null)
                .map(Optional::of)
                .onFailure(Peers.PeerUnreachable.class)
                .recoverWithItem(Optional.empty())
                .flatMap(response -> {
                    if (response.isPresent() && response.get().statusCode() == 200) {
                        RemoteUser found = peers.read(response.get(), RemoteUser.class);
                        if (!id.equals(found.id())) {
                            return find(id, remaining, true);
                        }
                        return users.recordRemote(id, found.country(), found.jurisdiction(), peer);
                    }
                    boolean unreachable = response.isEmpty() || response.get().statusCode() != 404;
                    return find(id, remaining, someUnreachable || unreachable);
                });
    }

    /**
     * Each member's data goes to every region holding a copy other than their own. Only when members live in
     * several regions: a conversation of this region's users alone transfers nothing.
     */
    private void requireTransfersCovered(Map<String, Residence> members) {
        Set<String> regions = new LinkedHashSet<>();
        regions.add(peers.self());
        members.values().forEach(r -> regions.add(home(r)));
        if (regions.size() == 1) {
            return;
        }
        Map<String, Object> refused = new LinkedHashMap<>();
        List<Map<String, String>> routes = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        for (Residence member : members.values()) {
            for (String region : regions) {
                if (region.equals(home(member))) {
                    continue;
                }
                String reason;
                if (member.jurisdiction() == null) {
                    reason = "no jurisdiction is known for this user";
                } else {
                    TransferDecision decision = transfers.decide(member.jurisdiction(), region);
                    if (decision.allowed()) {
                        continue;
                    }
                    reason = decision instanceof TransferDecision.Refused why ? why.reason() : "not permitted";
                }
                Map<String, String> route = new LinkedHashMap<>();
                route.put("user", member.id());
                route.put("jurisdiction", member.jurisdiction());
                route.put("toRegion", region);
                route.put("reason", reason);
                routes.add(route);
                detail.append(detail.isEmpty() ? "" : "; ")
                        .append(member.id())
                        .append(" (")
                        .append(member.jurisdiction())
                        .append(") to ")
                        .append(region)
                        .append(": ")
                        .append(reason);
            }
        }
        if (!routes.isEmpty()) {
            refused.put("refused", routes);
            throw new ProblemException(
                    422,
                    ErrorCodes.TRANSFER_NOT_PERMITTED,
                    "No transfer mechanism covers: " + detail + ". Nothing was created.",
                    refused);
        }
    }

    private String home(Residence residence) {
        return residence.local() ? peers.self() : residence.homeRegion();
    }

    private static ProblemException unknownUser() {
        return new ProblemException(404, ErrorCodes.UNKNOWN_USER, "A named user is not known in any region.");
    }
}
