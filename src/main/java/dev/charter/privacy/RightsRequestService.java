package dev.charter.privacy;

import dev.charter.audit.AuditLog;
import dev.charter.common.Cursor;
import dev.charter.common.ErrorCodes;
import dev.charter.common.PageOf;
import dev.charter.common.ProblemException;
import dev.charter.crypto.CryptoShredder;
import dev.charter.identity.CurrentUser;
import dev.charter.identity.UserService;
import dev.charter.identity.UserStatus;
import dev.charter.jurisdiction.JurisdictionDirectory;
import dev.charter.jurisdiction.JurisdictionProfile;
import dev.charter.messaging.conversation.ConversationService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Rights requests with their legal deadline: {@code dueAt} = received + the user's jurisdiction's period
 * (GDPR one month, CCPA 45 days, ...), extendable once by the jurisdiction's extension with a reason.
 *
 * <p>Persistence is Hibernate Reactive with Panache: pure reads run in {@code Panache.withSession}, anything
 * that writes (an audit record included) in {@code Panache.withTransaction}, so a request's change and its
 * audit events commit in one transaction, through the same session. The effects on other features (shredding
 * keys, leaving conversations, erasing the account, restricting it) are their own idempotent steps between the
 * request's transactions, so an erasure that stopped part-way is run again until it completes
 * ({@link #resumeStalledErasures}). Sessions live on the Vert.x context the call came in on ({@link
 * SessionContexts}).
 */
@ApplicationScoped
public class RightsRequestService {

    static final Set<String> TYPES =
            Set.of("access", "portability", "erasure", "rectification", "restriction", "objection");
    /** For countries without a profile: the shortest common statutory period (30 days). */
    private static final Period FALLBACK_DEADLINE = Period.ofDays(30);
    /** Most stalled erasures one run resumes. */
    private static final int RESUME_BATCH = 100;

    private final RightsRequestRepository requests;
    private final JurisdictionDirectory jurisdictions;
    private final UserService users;
    private final ConsentService consents;
    private final Clock clock;
    private final AuditLog audit;
    private final CryptoShredder shredder;
    private final ConversationService conversations;
    private final ErasureHolds holds;
    private final int maxOpenRequests;

    RightsRequestService(
            RightsRequestRepository requests,
            JurisdictionDirectory jurisdictions,
            UserService users,
            ConsentService consents,
            Clock clock,
            AuditLog audit,
            CryptoShredder shredder,
            ConversationService conversations,
            ErasureHolds holds,
            PrivacyConfig config) {
        this.holds = holds;
        this.maxOpenRequests = config.maxOpenRequests();
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
        Executor back = SessionContexts.backTo();
        return users.requireChildOf(guardian, child).emitOn(back).flatMap(stored -> {
            CurrentUser asChild = new CurrentUser(child, Set.of(), stored.country(), null, null, guardian, 0);
            return submit(asChild, "erasure", Map.of("requestedBy", "guardian"));
        });
    }

    public Uni<RightsRequest> submit(CurrentUser user, String type, Map<String, Object> details) {
        if (!TYPES.contains(type)) {
            throw ProblemException.badRequest("'type' must be one of " + TYPES + ".");
        }
        Executor back = SessionContexts.backTo();
        Optional<JurisdictionProfile> profile = jurisdictions.profileOf(user.country(), user.subdivision());
        Period deadline =
                profile.map(p -> Period.parse(p.rightsRequest().deadline())).orElse(FALLBACK_DEADLINE);
        Instant received = now();
        RightsRequest request = new RightsRequest(
                UUID.randomUUID(),
                user.id(),
                type,
                profile.map(JurisdictionProfile::id).orElse(null),
                details == null ? Map.of() : details,
                received,
                plus(received, deadline));
        boolean exportOnly = "access".equals(type) || "portability".equals(type);
        return Panache.withTransaction(() -> requests.openOf(user.id()).chain(open -> {
                    Optional<RightsRequest> same =
                            open.stream().filter(o -> o.sameAs(request)).findFirst();
                    if (same.isPresent()) {
                        return Uni.createFrom().item(same.get());
                    }
                    if (!exportOnly && open.size() >= maxOpenRequests) {
                        throw tooManyOpen();
                    }
                    return requests.persistAndFlush(request)
                            .chain(() -> audited(
                                    user.id(),
                                    "request.received",
                                    user.id(),
                                    Map.of(
                                            "request",
                                            request.id.toString(),
                                            "type",
                                            type,
                                            "dueAt",
                                            request.dueAt.toString())))
                            .chain(() -> exportOnly
                                    ? completed(request, received, "export available", Map.of())
                                    : Uni.createFrom().voidItem())
                            .replaceWith(request);
                }))
                .flatMap(r -> r != request || exportOnly ? Uni.createFrom().item(r) : startProcessing(r, back));
    }

    private ProblemException tooManyOpen() {
        return new ProblemException(
                429,
                ErrorCodes.RATE_LIMITED,
                maxOpenRequests + " of your requests are still open; a new one can be made once one is answered.",
                Map.of("retryAfter", 3600));
    }

    /**
     * Access and portability complete at once (in {@link #submit}): the export is generated, streamed, when
     * downloaded (always current, nothing stored). Restriction takes effect at once (GDPR Art. 18): the account
     * stays readable but stops processing. The other types wait for the privacy officer.
     */
    private Uni<RightsRequest> startProcessing(RightsRequest request, Executor back) {
        if ("erasure".equals(request.type)) {
            return erase(request, back, Map.of());
        }
        if (!"restriction".equals(request.type)) {
            return Uni.createFrom().item(request);
        }
        return users.setStatus(request.userId, UserStatus.RESTRICTED)
                .call(() -> consents.forget(request.userId))
                .emitOn(back)
                .flatMap(ignored -> complete(request.id, "processing restricted", null, Map.of()));
    }

    /**
     * Erasure (GDPR Art. 17, CCPA § 1798.105) by crypto-shredding: destroying the author's data keys makes
     * every copy of their messages unreadable (replicas, backups, dumps); then memberships, consents and the
     * profile go. Only the id stays, marked erased, so later tokens for it are refused, plus this request
     * with its signed receipt (opaque key ids, no personal data) as the record the law requires.
     */
    private Uni<RightsRequest> erase(RightsRequest request, Executor back, Map<String, Object> auditDetails) {
        return holds.lawfulReason(request.userId)
                .emitOn(back)
                .flatMap(reason -> reason.isPresent()
                        ? held(request.id, reason.get())
                        : shredAndErase(request, back, auditDetails));
    }

    /**
     * A legal hold covers the user: the erasure waits, open, with the hold's lawful reason as its note, and is
     * run again by {@link #resumeStalledErasures} until no hold covers the user. Audited once per reason.
     */
    private Uni<RightsRequest> held(UUID id, String reason) {
        return Panache.withTransaction(() -> requests.lockForUpdate(id).chain(request -> {
            String note = RightsRequest.HELD + reason;
            if (!request.open() || note.equals(request.note)) {
                return Uni.createFrom().item(request);
            }
            request.hold(note);
            return requests.flush()
                    .chain(() -> audited(
                            AuditLog.SYSTEM,
                            "request.held",
                            request.userId,
                            Map.of("request", id.toString(), "type", request.type, "reason", reason)))
                    .replaceWith(request);
        }));
    }

    private Uni<RightsRequest> shredAndErase(RightsRequest request, Executor back, Map<String, Object> auditDetails) {
        String user = request.userId;
        return shredder.destroyKeys(user)
                .call(receipt -> audit.record(
                        AuditLog.SYSTEM,
                        "keys.destroyed",
                        user,
                        Map.of("scope", "user", "request", request.id.toString(), "receipt", receipt.payload())))
                .call(() -> conversations.removeFromAll(user))
                .call(() -> users.erase(user))
                .call(() -> shredder.recordAccountErasure(user))
                .call(() -> consents.forget(user))
                .emitOn(back)
                .flatMap(receipt -> complete(
                        request.id,
                        "personal data erased",
                        Map.of(
                                "payload",
                                receipt.payload(),
                                "signature",
                                receipt.signature(),
                                "algorithm",
                                receipt.algorithm(),
                                "signingKey",
                                receipt.signingKey()),
                        auditDetails));
    }

    /** Completes the request, with the erasure's receipt if any, and audits it, in one transaction. */
    private Uni<RightsRequest> complete(
            UUID id, String note, Map<String, Object> receipt, Map<String, Object> auditDetails) {
        Instant now = now();
        return Panache.withTransaction(() -> requests.lockForUpdate(id).chain(request -> {
            if (receipt != null) {
                request.receipt = receipt;
            }
            return completed(request, now, note, auditDetails).replaceWith(request);
        }));
    }

    /** Marks a managed request completed, flushes it and audits it in the current transaction. */
    private Uni<Void> completed(RightsRequest request, Instant at, String note, Map<String, Object> auditDetails) {
        request.complete(at, note);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("request", request.id.toString());
        details.put("type", request.type);
        details.putAll(auditDetails);
        return requests.flush()
                .chain(() -> audited(AuditLog.SYSTEM, "request." + request.status.value(), request.userId, details));
    }

    /**
     * Finishes erasures whose first run failed part-way (a crash or a database error after the keys were
     * shredded, say). Every step is idempotent, so running one again completes it with the original receipt.
     * Requests younger than {@code grace} may still be running and are left alone. Erasures waiting for a legal
     * hold to end are picked up here too and complete once it has. Returns how many completed.
     * Callable from any thread (the resumer's timer, a test): it runs on a new duplicated context.
     */
    public Uni<Integer> resumeStalledErasures(Duration grace) {
        return SessionContexts.onNewContext(() -> resume(grace));
    }

    private Uni<Integer> resume(Duration grace) {
        Executor back = SessionContexts.backTo();
        Instant before = clock.instant().minus(grace);
        return Panache.withSession(() -> requests.stalledErasures(before, RESUME_BATCH))
                .flatMap(stalled -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (RightsRequest request : stalled) {
                        chain = chain.flatMap(done -> erase(request, back, Map.of("resumed", true))
                                .map(r -> r.status == RequestStatus.COMPLETED ? done + 1 : done));
                    }
                    return chain;
                });
    }

    /** The signed receipt of a completed erasure, if the request has one. */
    public Uni<Optional<Map<String, Object>>> receipt(UUID id) {
        return Panache.withSession(() -> requests.findById(id))
                .map(found -> Optional.ofNullable(found).map(r -> r.receipt));
    }

    /**
     * The user's requests, oldest first. Call it on a Vert.x context, from a worker thread through
     * {@code VertxContextSupport}.
     */
    public Uni<List<RightsRequest>> mine(String user) {
        return Panache.withSession(() -> requests.forUser(user));
    }

    /** The caller's own request; someone else's is 404, like one that does not exist. */
    public Uni<RightsRequest> mine(String user, UUID id) {
        return any(id).map(found -> {
            if (!found.userId.equals(user)) {
                throw ProblemException.notFound("No such request.");
            }
            return found;
        });
    }

    public Uni<RightsRequest> any(UUID id) {
        return Panache.withSession(() -> requests.findById(id)).map(found -> {
            if (found == null) {
                throw ProblemException.notFound("No such request.");
            }
            return found;
        });
    }

    /** Someone's request for the privacy officer; reading it is an access by someone else, so it is audited. */
    public Uni<RightsRequest> read(String officer, UUID id) {
        return Panache.withTransaction(() -> requests.findById(id).call(found -> {
            if (found == null) {
                throw ProblemException.notFound("No such request.");
            }
            return audited(officer, "request.read", found.userId, Map.of("request", id.toString()));
        }));
    }

    /** One page of the officer's list, earliest deadline first. */
    public Uni<PageOf<RightsRequest>> search(boolean openOnly, boolean overdueOnly, Cursor after, int limit) {
        Instant now = clock.instant();
        return Panache.withSession(() -> requests.search(openOnly, overdueOnly, now, after, limit + 1))
                .map(rows -> PageOf.of(rows, limit, r -> Cursor.after(r.deadline(), r.id)));
    }

    /** Extends the deadline once by the jurisdiction's allowed extension (e.g. GDPR Art. 12(3): two months). */
    public Uni<RightsRequest> extend(String officer, UUID id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("An extension needs a 'reason' (it is told to the user).");
        }
        return Panache.withTransaction(() -> requests.lockForUpdate(id).chain(request -> {
            if (request == null) {
                throw ProblemException.notFound("No such request.");
            }
            Period extension = Optional.ofNullable(request.jurisdiction)
                    .flatMap(jurisdictions::profile)
                    .map(p -> Period.parse(p.rightsRequest().extension()))
                    .orElse(Period.ZERO);
            if (extension.isZero()) {
                throw ProblemException.unprocessable("This jurisdiction allows no extension.");
            }
            if (request.extendedUntil != null || !request.open()) {
                throw new ProblemException(409, ErrorCodes.CONFLICT, "The request is closed or was already extended.");
            }
            request.extend(plus(request.dueAt, extension), reason);
            return requests.flush()
                    .chain(() -> audited(
                            officer,
                            "request.extended",
                            request.userId,
                            Map.of(
                                    "request",
                                    id.toString(),
                                    "reason",
                                    reason,
                                    "extendedUntil",
                                    request.extendedUntil.toString())))
                    .replaceWith(request);
        }));
    }

    /** An audit event in the current session's transaction. */
    private Uni<Void> audited(String actor, String action, String subject, Map<String, Object> details) {
        return Panache.getSession().chain(session -> audit.record(session, actor, action, subject, details));
    }

    /** Now, at the database's precision, so what is answered is what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant plus(Instant instant, Period period) {
        return instant.atZone(ZoneOffset.UTC).plus(period).toInstant();
    }
}
