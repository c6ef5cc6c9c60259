package dev.charter.identity;

import dev.charter.common.ErrorCodes;
import dev.charter.common.LookupCache;
import dev.charter.common.PeerCaches;
import dev.charter.common.ProblemException;
import dev.charter.jurisdiction.JurisdictionDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Users exist from their first authenticated call; naming one who never called is {@code unknown_user}.
 * Their status (active, pending_guardian, restricted, erased) is cached and dropped on every instance when it
 * changes ({@link PeerCaches}), at the latest after {@link #STATUS_CACHE_MILLIS}.
 */
@Singleton
public class UserService {

    static final long STATUS_CACHE_MILLIS = 60_000;
    private static final int CACHE_LIMIT = 200_000;

    private final UserRepository users;
    private final JurisdictionDirectory jurisdictions;
    private final AgeCheck ages;
    /** Registrations already written with the same token facts, so steady-state calls skip the database. */
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    private final LookupCache<String, UserStatus> statuses = new LookupCache<>(STATUS_CACHE_MILLIS, CACHE_LIMIT);

    static final String TOPIC = "user";
    private final PeerCaches peers;
    /** Every feature's rows about a user, deleted with the user (consents, analytics, ...). */
    private final List<UserDataErasure> erasures;

    UserService(
            UserRepository users,
            JurisdictionDirectory jurisdictions,
            AgeCheck ages,
            PeerCaches peers,
            Instance<UserDataErasure> erasures) {
        this.peers = peers;
        this.erasures = erasures.stream().toList();
        this.users = users;
        this.jurisdictions = jurisdictions;
        this.ages = ages;
    }

    /** Registers or refreshes the caller; the item is their status. */
    public Uni<UserStatus> register(CurrentUser user) {
        if (user.guardianIsSelf()) {
            return Uni.createFrom().failure(guardianIsChild());
        }
        boolean minor = ages.isMinor(user);
        String key = String.join(
                "\u0000",
                user.id(),
                user.country(),
                String.valueOf(user.subdivision()),
                String.valueOf(user.birthdate()),
                String.valueOf(minor),
                String.valueOf(user.guardian()));
        if (registered.contains(key)) {
            return status(user.id());
        }
        return users.upsert(
                        user,
                        jurisdictions.jurisdictionOf(user.country(), user.subdivision()),
                        ages.ageOfConsent(user.country(), user.subdivision()),
                        ages.unknownAgePending(user.country(), user.subdivision()),
                        ages.today())
                .invoke(status -> {
                    if (registered.size() > CACHE_LIMIT) {
                        registered.clear();
                    }
                    registered.add(key);
                    remember(user.id(), status);
                });
    }

    /** The user's status, or {@code null} for a user who never called. */
    public Uni<UserStatus> status(String userId) {
        return statuses.get(
                userId,
                id -> users.find(id)
                        .map(found ->
                                found.map(UserRepository.StoredUser::status).orElse(null)));
    }

    /** The status remembered from a recent lookup, or null when only the database can tell. */
    public UserStatus cachedStatus(String userId) {
        return statuses.cached(userId);
    }

    /**
     * Erases again the accounts a restored database brought back: those not erased whose digest (the shred
     * ledger's subject) is listed. Returns how many.
     */
    public Uni<Integer> eraseAgain(List<String> subjectDigests) {
        return users.notErasedWithDigests(subjectDigests).flatMap(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String id : ids) {
                chain = chain.call(() -> erase(id));
            }
            return chain.replaceWith(ids.size());
        });
    }

    public Uni<Void> erase(String userId) {
        return users.erase(userId, conn -> eraseOtherRows(conn, userId), announce(userId))
                .invoke(() -> remember(userId, UserStatus.ERASED));
    }

    private Uni<Void> eraseOtherRows(SqlClient conn, String userId) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UserDataErasure erasure : erasures) {
            chain = chain.call(() -> erasure.eraseUserData(conn, userId));
        }
        return chain;
    }

    /** The operator lets an erased id in again; false when it was not erased. */
    public Uni<Boolean> reenable(String userId) {
        return users.reenable(userId, announce(userId)).invoke(done -> forgetLocally(userId));
    }

    public Uni<Void> setStatus(String userId, UserStatus status) {
        return users.setStatus(userId, status, announce(userId))
                .invoke(() -> remember(userId, status))
                .replaceWithVoid();
    }

    /**
     * Tells every instance to drop the user's cached status, inside the change's transaction: an instance cannot
     * crash between committing a restriction or an erasure and announcing it, so peers never rely on the
     * time-to-live to stop a user who may no longer send (nor, after a re-enabling or a guardian's approval, to
     * let one in who now may).
     */
    private Function<SqlClient, Uni<Void>> announce(String userId) {
        return conn -> peers.invalidate(conn, TOPIC, userId);
    }

    public Uni<java.util.Optional<UserRepository.StoredUser>> find(String userId) {
        return users.find(userId);
    }

    /**
     * The child's stored record when {@code guardian} is the guardian their token named; 404 otherwise. The link
     * ends when the child reaches their jurisdiction's age of digital consent: then 403 {@code guardian_link_ended}.
     */
    public Uni<UserRepository.StoredUser> requireChildOf(String guardian, String child) {
        if (guardian.equals(child)) {
            return Uni.createFrom().failure(guardianIsChild());
        }
        return users.find(child).map(found -> {
            UserRepository.StoredUser stored = found.filter(u -> guardian.equals(u.guardian()))
                    .orElseThrow(() -> ProblemException.notFound("No child of yours with this id."));
            if (stored.birthdate() != null
                    && !ages.isMinor(stored.birthdate(), stored.country(), stored.subdivision())) {
                throw new ProblemException(
                        403,
                        ErrorCodes.GUARDIAN_LINK_ENDED,
                        "This user has reached the age of digital consent; a guardian no longer acts for them.");
            }
            return stored;
        });
    }

    /**
     * A guardian approves their child (the child's token names the guardian); 404 for anyone else. A
     * {@code birthdate} the guardian attests establishes the child's age unless their token already does.
     */
    public Uni<Void> approveChild(String guardian, String child, String evidence, java.time.LocalDate birthdate) {
        return requireChildOf(guardian, child)
                .flatMap(stored -> users.approveByGuardian(child, guardian, evidence, birthdate, announce(child)))
                .invoke(approved -> {
                    if (!approved) {
                        throw ProblemException.notFound("No child of yours with this id.");
                    }
                    statuses.invalidate(child);
                })
                .replaceWithVoid();
    }

    /** Fails with 404 {@code unknown_user} naming none of them (ids are personal data). */
    /** Where each of {@code ids} known here lives (this region's users and other regions' known here). */
    public Uni<java.util.Map<String, UserRepository.Residence>> residences(Collection<String> ids) {
        return users.residences(new ArrayList<>(Set.copyOf(ids)));
    }

    /** Records a user of {@code homeRegion}, found there, as a member of a conversation shared with this region. */
    public Uni<Void> recordRemote(String id, String country, String jurisdiction, String homeRegion) {
        return users.upsertRemote(id, country, jurisdiction, homeRegion);
    }

    public Uni<Void> requireExisting(Collection<String> ids) {
        List<String> wanted = new ArrayList<>(Set.copyOf(ids));
        return users.existing(wanted)
                .invoke(found -> {
                    if (found.size() != wanted.size()) {
                        throw new ProblemException(
                                404,
                                ErrorCodes.UNKNOWN_USER,
                                "A named user has never used this service in this region.");
                    }
                })
                .replaceWithVoid();
    }

    /**
     * The caller states their own birthdate ({@code self_declared}); 409 when a token or a guardian established
     * their age already. The item is their status afterwards.
     */
    public Uni<UserStatus> declareAge(CurrentUser user, java.time.LocalDate birthdate) {
        return users.declareAge(
                        user.id(),
                        birthdate,
                        ages.ageOfConsent(user.country(), user.subdivision()),
                        ages.unknownAgePending(user.country(), user.subdivision()),
                        ages.today(),
                        announce(user.id()))
                .map(changed -> changed.orElseThrow(() -> new ProblemException(
                        409,
                        ErrorCodes.CONFLICT,
                        "Your age is established by your identity provider or your guardian; it cannot be declared.")))
                .invoke(status -> forgetLocally(user.id()));
    }

    private static ProblemException guardianIsChild() {
        return new ProblemException(
                403, ErrorCodes.GUARDIAN_IS_CHILD, "A token may not name its own subject as the guardian.");
    }

    void onInvalidated(@Observes PeerCaches.Invalidated event) {
        if (!event.concerns(TOPIC)) {
            return;
        }
        if (event.all()) {
            statuses.invalidateAll();
            registered.clear();
        } else {
            forgetLocally(event.key());
        }
    }

    private void forgetLocally(String userId) {
        statuses.invalidate(userId);
        registered.removeIf(key -> key.startsWith(userId + '\u0000'));
    }

    private void remember(String userId, UserStatus status) {
        statuses.put(userId, status);
    }
}
