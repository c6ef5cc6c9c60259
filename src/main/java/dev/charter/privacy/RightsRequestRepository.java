package dev.charter.privacy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Rights requests through Hibernate Reactive with Panache. Every method needs a session or transaction opened by
 * the caller ({@code Panache.withSession} / {@code Panache.withTransaction}).
 */
@ApplicationScoped
public class RightsRequestRepository implements PanacheRepositoryBase<RightsRequest, UUID> {

    /** Longest list of requests answered at once. */
    static final int LIST_LIMIT = 1_000;

    private static final String DEADLINE = "coalesce(r.extendedUntil, r.dueAt)";

    Uni<List<RightsRequest>> forUser(String user) {
        return list("FROM RightsRequest r WHERE r.userId = ?1 ORDER BY r.receivedAt", user);
    }

    /**
     * The request, locked until the transaction ends ({@code SELECT ... FOR UPDATE}): of two officers extending
     * it at once, the second sees the first's extension and is refused. Null when there is no such request.
     */
    Uni<RightsRequest> lockForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Requests for the privacy officer: optionally only open ones, optionally only those past their deadline. */
    Uni<List<RightsRequest>> search(boolean openOnly, boolean overdueOnly, Instant now) {
        var query = overdueOnly
                ? find(
                        "FROM RightsRequest r WHERE r.status IN ?1 AND " + DEADLINE + " < ?2 ORDER BY " + DEADLINE,
                        RequestStatus.OPEN,
                        now)
                : openOnly
                        ? find("FROM RightsRequest r WHERE r.status IN ?1 ORDER BY " + DEADLINE, RequestStatus.OPEN)
                        : find("FROM RightsRequest r ORDER BY " + DEADLINE);
        return query.page(Page.ofSize(LIST_LIMIT)).list();
    }

    /** Erasures still open that were received before {@code before}: their first run did not finish. */
    Uni<List<RightsRequest>> stalledErasures(Instant before, int limit) {
        return find(
                        "FROM RightsRequest r WHERE r.type = 'erasure' AND r.status IN ?1 AND r.receivedAt < ?2"
                                + " ORDER BY r.receivedAt",
                        RequestStatus.OPEN,
                        before)
                .page(Page.ofSize(limit))
                .list();
    }
}
