package dev.charter.privacy;

import dev.charter.audit.AuditLog;
import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.crypto.CryptoShredder;
import dev.charter.identity.CurrentUser;
import dev.charter.identity.UserService;
import dev.charter.identity.UserStatus;
import dev.charter.jurisdiction.JurisdictionDirectory;
import dev.charter.jurisdiction.JurisdictionProfile;
import dev.charter.messaging.conversation.ConversationService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Rights requests with their legal deadline: {@code dueAt} = received + the user's jurisdiction's period
 * (GDPR one month, CCPA 45 days, ...), extendable once by the jurisdiction's extension with a reason.
 */
@ApplicationScoped
public class RightsRequestService {

    static final Set<String> TYPES =
            Set.of("access", "portability", "erasure", "rectification", "restriction", "objection");
    /** For countries without a profile: the shortest common statutory period (30 days). */
    private static final Period FALLBACK_DEADLINE = Period.ofDays(30);

    private final RightsRequestRepository requests;
    private final JurisdictionDirectory jurisdictions;
    private final UserService users;
    private final ConsentService consents;
    private final Clock clock;
    private final AuditLog audit;
    private final CryptoShredder shredder;
    private final ConversationService conversations;

    RightsRequestService(
            RightsRequestRepository requests,
            JurisdictionDirectory jurisdictions,
            UserService users,
            ConsentService consents,
            Clock clock,
            AuditLog audit,
            CryptoShredder shredder,
            ConversationService conversations) {
        this.audit = audit;
        this.shredder = shredder;
        this.conversations = conversations;
        this.requests = requests;
        this.jurisdictions = jurisdictions;
        this.users = users;
        this.consents = consents;
        this.clock = clock;
    }

    /** A guardian erases their child's data (GDPR Art. 8 with Art. 17; COPPA 16 CFR § 312.6(a)(2)). */
    public Uni<RightsRequest> eraseChild(String guardian, String child) {
        return users.requireChildOf(guardian, child).flatMap(stored -> {
            CurrentUser asChild = new CurrentUser(child, java.util.Set.of(), stored.country(), null, null, guardian, 0);
            return submit(asChild, "erasure", new JsonObject().put("requestedBy", "guardian"));
        });
    }

    public Uni<RightsRequest> submit(CurrentUser user, String type, JsonObject details) {
        if (!TYPES.contains(type)) {
            throw ProblemException.badRequest("'type' must be one of " + TYPES + ".");
        }
        Optional<JurisdictionProfile> profile = jurisdictions.profileOf(user.country(), user.subdivision());
        Period deadline =
                profile.map(p -> Period.parse(p.rightsRequest().deadline())).orElse(FALLBACK_DEADLINE);
        Instant received = clock.instant();
        RightsRequest request = new RightsRequest(
                UUID.randomUUID(),
                user.id(),
                type,
                profile.map(JurisdictionProfile::id).orElse(null),
                RightsRequest.RECEIVED,
                details == null ? new JsonObject() : details,
                received,
                plus(received, deadline),
                null,
                null,
                null,
                null);
        return requests.insert(request)
                .call(r -> audit.record(
                        user.id(),
                        "request.received",
                        user.id(),
                        Map.of(
                                "request",
                                r.id().toString(),
                                "type",
                                type,
                                "dueAt",
                                r.dueAt().toString())))
                .flatMap(this::startProcessing)
                .call(r -> r.open()
                        ? Uni.createFrom().voidItem()
                        : audit.record(
                                "system",
                                "request." + r.status(),
                                r.userId(),
                                Map.of("request", r.id().toString(), "type", r.type())));
    }

    /**
     * Access and portability complete at once: the export is generated, streamed, when downloaded (always
     * current, nothing stored). Restriction takes effect at once (GDPR Art. 18): the account stays readable
     * but stops processing. The other types wait for the privacy officer.
     */
    private Uni<RightsRequest> startProcessing(RightsRequest request) {
        Instant now = clock.instant();
        if ("access".equals(request.type()) || "portability".equals(request.type())) {
            return requests.complete(request.id(), RightsRequest.COMPLETED, now, "export available")
                    .flatMap(ignored -> requests.find(request.id()))
                    .map(Optional::orElseThrow);
        }
        if ("erasure".equals(request.type())) {
            return erase(request, now);
        }
        if (!"restriction".equals(request.type())) {
            return Uni.createFrom().item(request);
        }
        return users.setStatus(request.userId(), UserStatus.RESTRICTED)
                .call(() -> consents.forget(request.userId()))
                .flatMap(ignored ->
                        requests.complete(request.id(), RightsRequest.COMPLETED, now, "processing restricted"))
                .flatMap(ignored -> requests.find(request.id()))
                .map(Optional::orElseThrow);
    }

    /**
     * Erasure (GDPR Art. 17, CCPA § 1798.105) by crypto-shredding: destroying the author's data keys makes
     * every copy of their messages unreadable (replicas, backups, dumps); then memberships, consents and the
     * profile go. Only the id stays, marked erased, so later tokens for it are refused, plus this request
     * with its signed receipt (opaque key ids, no personal data) as the record the law requires.
     */
    private Uni<RightsRequest> erase(RightsRequest request, Instant now) {
        String user = request.userId();
        return shredder.destroyKeys(user)
                .call(receipt -> audit.record(
                        AuditLog.SYSTEM,
                        "keys.destroyed",
                        user,
                        Map.of("scope", "user", "request", request.id().toString(), "receipt", receipt.payload())))
                .flatMap(receipt -> conversations
                        .removeFromAll(user)
                        .flatMap(ignored -> users.erase(user))
                        .call(() -> consents.forget(user))
                        .flatMap(ignored -> requests.completeWithReceipt(
                                request.id(),
                                now,
                                JsonObject.of(
                                        "payload",
                                        receipt.payload(),
                                        "signature",
                                        receipt.signature(),
                                        "algorithm",
                                        receipt.algorithm(),
                                        "signingKey",
                                        receipt.signingKey()))))
                .flatMap(ignored -> requests.find(request.id()))
                .map(Optional::orElseThrow);
    }

    /**
     * Finishes erasures whose first run failed part-way (a crash or a database error after the keys were
     * shredded, say). Every step is idempotent, so running one again completes it with the original receipt.
     * Requests younger than {@code grace} may still be running and are left alone. Returns how many completed.
     */
    public Uni<Integer> resumeStalledErasures(java.time.Duration grace) {
        Instant now = clock.instant();
        return requests.stalledErasures(now.minus(grace), 100).flatMap(stalled -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (RightsRequest request : stalled) {
                chain = chain.flatMap(done -> erase(request, clock.instant())
                        .call(r -> audit.record(
                                "system",
                                "request.completed",
                                r.userId(),
                                Map.of("request", r.id().toString(), "type", r.type(), "resumed", true)))
                        .map(r -> done + 1));
            }
            return chain;
        });
    }

    public Uni<Optional<JsonObject>> receipt(UUID id) {
        return requests.receipt(id);
    }

    public Uni<List<RightsRequest>> mine(String user) {
        return requests.forUser(user);
    }

    /** The caller's own request; someone else's is 404, like one that does not exist. */
    public Uni<RightsRequest> mine(String user, UUID id) {
        return requests.find(id)
                .map(found -> found.filter(r -> r.userId().equals(user))
                        .orElseThrow(() -> ProblemException.notFound("No such request.")));
    }

    public Uni<RightsRequest> any(UUID id) {
        return requests.find(id).map(found -> found.orElseThrow(() -> ProblemException.notFound("No such request.")));
    }

    public Uni<List<RightsRequest>> search(boolean openOnly, boolean overdueOnly) {
        return requests.search(openOnly, overdueOnly, clock.instant());
    }

    /** Extends the deadline once by the jurisdiction's allowed extension (e.g. GDPR Art. 12(3): two months). */
    public Uni<RightsRequest> extend(String officer, UUID id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("An extension needs a 'reason' (it is told to the user).");
        }
        return any(id).flatMap(request -> {
            Period extension = Optional.ofNullable(request.jurisdiction())
                    .flatMap(jurisdictions::profile)
                    .map(p -> Period.parse(p.rightsRequest().extension()))
                    .orElse(Period.ZERO);
            if (extension.isZero()) {
                throw ProblemException.unprocessable("This jurisdiction allows no extension.");
            }
            return requests.extend(id, plus(request.dueAt(), extension), reason)
                    .flatMap(extended -> {
                        if (!extended) {
                            throw new ProblemException(
                                    409, ErrorCodes.CONFLICT, "The request is closed or was already extended.");
                        }
                        return any(id);
                    })
                    .call(r -> audit.record(
                            officer,
                            "request.extended",
                            r.userId(),
                            Map.of(
                                    "request",
                                    id.toString(),
                                    "reason",
                                    reason,
                                    "extendedUntil",
                                    r.extendedUntil().toString())));
        });
    }

    private static Instant plus(Instant instant, Period period) {
        return instant.atZone(ZoneOffset.UTC).plus(period).toInstant();
    }
}
