package dev.charter.privacy;

import dev.charter.audit.AuditLog;
import dev.charter.common.LookupCache;
import dev.charter.common.PeerCaches;
import dev.charter.common.ProblemException;
import dev.charter.identity.UserService;
import dev.charter.identity.UserStatus;
import dev.charter.messaging.ws.RequiredConsents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Opt-in consent. Nothing but {@code messaging} (the contract itself, GDPR Art. 6(1)(b)) is ever granted by
 * default (GDPR Art. 7, Recital 32: silence or inactivity is not consent). Code that processes data for a
 * purpose asks {@link #allowed} first; the answer is cached per user and dropped on every instance when the
 * user changes a consent ({@link PeerCaches}), at the latest after {@link #CACHE_MILLIS}.
 *
 * <p>Grants and withdrawals are Hibernate Reactive with Panache: reads of the history run in
 * {@code Panache.withSession}, a decision in {@code Panache.withTransaction}, so the new record, its
 * announcement to the other instances and its audit event commit in one transaction, through the same session.
 * The cached lookup behind {@link #allowed} and {@link #missing} runs on the SQL client
 * ({@link ConsentGrantsRepository}): its callers are not on a context a session may run on.
 */
@Singleton
public class ConsentService implements RequiredConsents {

    static final long CACHE_MILLIS = 60_000;
    private static final int MAX_CACHED_USERS = 200_000;

    private final ConsentRepository consents;
    private final ConsentGrantsRepository lookups;
    private final Clock clock;
    private final PrivacyPolicy policy;
    private final LookupCache<String, Set<String>> grants = new LookupCache<>(CACHE_MILLIS, MAX_CACHED_USERS);
    /** Users whose latest {@code sale_or_sharing} record is known to be a withdrawal: a repeated signal costs nothing. */
    private final LookupCache<String, Boolean> saleWithdrawn = new LookupCache<>(CACHE_MILLIS, MAX_CACHED_USERS);

    private final UserService users;
    private final AuditLog audit;
    private final MinorConsents minors;

    static final String TOPIC = "consent";
    private final PeerCaches peers;

    ConsentService(
            ConsentRepository consents,
            ConsentGrantsRepository lookups,
            PrivacyPolicy policy,
            UserService users,
            AuditLog audit,
            PeerCaches peers,
            MinorConsents minors,
            Clock clock) {
        this.minors = minors;
        this.lookups = lookups;
        this.clock = clock;
        this.peers = peers;
        this.users = users;
        this.audit = audit;
        this.consents = consents;
        this.policy = policy;
    }

    /** May this user's data be processed for this purpose now? */
    public Uni<Boolean> allowed(String user, String purpose) {
        if (PrivacyPolicy.MESSAGING.equals(purpose)) {
            return Uni.createFrom().item(true);
        }
        // A restricted account allows no optional processing at all (GDPR Art. 18(2)).
        return users.status(user)
                .flatMap(status -> status == UserStatus.ACTIVE || status == null
                        ? granted(user, purpose)
                        : Uni.createFrom().item(false));
    }

    /**
     * The answer {@link #allowed} would give, when memory alone can tell (the account's status and the user's
     * consents were looked up recently); null when only the database can. Lets a per-message consumer skip
     * building an asynchronous lookup in the steady state.
     */
    public Boolean allowedFromMemory(String user, String purpose) {
        if (PrivacyPolicy.MESSAGING.equals(purpose)) {
            return true;
        }
        UserStatus status = users.cachedStatus(user);
        if (status != null && status != UserStatus.ACTIVE) {
            return false;
        }
        Set<String> granted = status == null ? null : cachedGrants(user);
        return granted == null ? null : granted.contains(purpose);
    }

    /** The purposes the user had granted when last looked up, if that was in the last {@link #CACHE_MILLIS}. */
    private Set<String> cachedGrants(String user) {
        return grants.cached(user);
    }

    private Uni<Boolean> granted(String user, String purpose) {
        return grantedPurposes(user).map(granted -> granted.contains(purpose));
    }

    /** The purposes the user has granted now; from memory when looked up in the last {@link #CACHE_MILLIS}. */
    private Uni<Set<String>> grantedPurposes(String user) {
        return grants.get(user, id -> lookups.granted(id).flatMap(granted -> minors.withoutBarred(id, granted)));
    }

    /** Optional purposes this user has not granted (listed in the welcome frame). */
    @Override
    public Uni<List<String>> missing(String user) {
        // Every handshake asks (for the welcome frame): answered from the same cache as allowed().
        return grantedPurposes(user)
                .map(granted -> policy.optionalPurposes().stream()
                        .filter(purpose -> !granted.contains(purpose))
                        .toList());
    }

    /** One entry per purpose of the policy, untouched ones included with status {@code none}. */
    public Uni<List<ConsentRecord>> current(String user) {
        return Panache.withSession(() -> consents.latest(user)).map(records -> {
            Map<String, ConsentRecord> byPurpose = records.stream()
                    .map(ConsentRecord::of)
                    .collect(Collectors.toMap(ConsentRecord::purpose, Function.identity()));
            List<ConsentRecord> all = new ArrayList<>();
            for (PrivacyPolicy.Purpose purpose : policy.purposes()) {
                if (!purpose.optional()) {
                    all.add(new ConsentRecord(
                            purpose.id(), ConsentStatus.GRANTED.value(), policy.version(), null, null));
                } else {
                    all.add(byPurpose.getOrDefault(purpose.id(), ConsentRecord.none(purpose.id())));
                }
            }
            return all;
        });
    }

    /**
     * Every grant and withdrawal, oldest first. Call it on a Vert.x context, from a worker thread through
     * {@code VertxContextSupport}.
     */
    public Uni<List<ConsentRecord>> history(String user) {
        return Panache.withSession(() -> consents.history(user))
                .map(list -> list.stream().map(ConsentRecord::of).toList());
    }

    /** Grants or withdraws; the policy version and locale the user saw are recorded with it. */
    public Uni<ConsentRecord> decide(
            String user, String purpose, boolean granted, String policyVersion, String locale) {
        return decide(user, purpose, granted, policyVersion, locale, user);
    }

    /**
     * As {@link #decide(String, String, boolean, String, String)}, by {@code actor}: the user, or their guardian
     * (recorded with source {@code guardian}). A minor's grant is checked against their jurisdiction's rules first.
     */
    public Uni<ConsentRecord> decide(
            String user, String purpose, boolean granted, String policyVersion, String locale, String actor) {
        boolean byGuardian = !actor.equals(user);
        PrivacyPolicy.Purpose known =
                policy.purpose(purpose).orElseThrow(() -> ProblemException.notFound("No such purpose."));
        if (!known.optional()) {
            throw ProblemException.unprocessable(
                    "'messaging' is the service itself; to stop it, request erasure (POST /v1/me/requests).");
        }
        if (!policy.version().equals(policyVersion)) {
            throw new ProblemException(
                    409,
                    "stale_policy_version",
                    "Consent must name the current policy version, " + policy.version() + ".",
                    Map.of("currentVersion", policy.version()));
        }
        if (!policy.hasLocale(locale)) {
            throw ProblemException.unprocessable(
                    "This locale is not among the policy version's verified translations.");
        }
        Consent consent = new Consent(
                user,
                purpose,
                ConsentStatus.of(granted),
                policyVersion,
                locale,
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                byGuardian ? "guardian" : "api");
        Uni<Void> allowedToGrant = granted
                ? minors.requireMayGrant(user, purpose, byGuardian)
                : Uni.createFrom().voidItem();
        // Announced inside the transaction: a withdrawal stops processing on every instance once it commits.
        return allowedToGrant
                .chain(() -> Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> consents.persistAndFlush(consent)
                                .chain(() -> peers.invalidate(session, TOPIC, user))
                                .chain(() -> audit.record(
                                        session,
                                        actor,
                                        granted ? "consent.granted" : "consent.withdrawn",
                                        user,
                                        Map.of(
                                                "purpose",
                                                purpose,
                                                "policyVersion",
                                                policyVersion,
                                                "locale",
                                                locale))))))
                .invoke(() -> {
                    grants.invalidate(user);
                    saleWithdrawn.invalidate(user);
                })
                .replaceWith(() -> ConsentRecord.of(consent));
    }

    /**
     * An opt-out of sale and sharing signalled by the user's browser (Global Privacy Control): recorded as a
     * withdrawal of {@code sale_or_sharing} with its {@code source}, audited, unless the latest record already is a
     * withdrawal. True when a withdrawal was recorded.
     */
    public Uni<Boolean> optOutOfSaleOrSharing(String user, String source) {
        if (Boolean.TRUE.equals(saleWithdrawn.cached(user))) {
            return Uni.createFrom().item(false);
        }
        String purpose = PrivacyPolicy.SALE_OR_SHARING;
        String locale = policy.canonicalLocale();
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> consents.lockUser(user)
                                .chain(() -> consents.latest(user, purpose))
                                .chain(latest -> {
                                    if (latest != null && latest.status == ConsentStatus.WITHDRAWN) {
                                        return Uni.createFrom().item(false);
                                    }
                                    Consent withdrawal = new Consent(
                                            user,
                                            purpose,
                                            ConsentStatus.WITHDRAWN,
                                            policy.version(),
                                            locale,
                                            clock.instant().truncatedTo(ChronoUnit.MICROS),
                                            source);
                                    return consents.persistAndFlush(withdrawal)
                                            .chain(() -> peers.invalidate(session, TOPIC, user))
                                            .chain(() -> audit.record(
                                                    session,
                                                    user,
                                                    "consent.withdrawn",
                                                    user,
                                                    Map.of(
                                                            "purpose", purpose,
                                                            "policyVersion", policy.version(),
                                                            "locale", locale,
                                                            "source", source)))
                                            .replaceWith(true);
                                })))
                .invoke(recorded -> {
                    if (recorded) {
                        grants.invalidate(user);
                    }
                    saleWithdrawn.put(user, true);
                });
    }

    /** Drops a user's cached answers here and on every other instance (erasure, restriction). */
    public Uni<Void> forget(String user) {
        grants.invalidate(user);
        saleWithdrawn.invalidate(user);
        return peers.invalidate(TOPIC, user);
    }

    void onInvalidated(@Observes PeerCaches.Invalidated event) {
        event.applyTo(TOPIC, grants);
        event.applyTo(TOPIC, saleWithdrawn);
    }
}
