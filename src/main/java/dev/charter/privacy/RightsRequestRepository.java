package dev.charter.privacy;

import dev.charter.common.Cursor;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Rights requests through Hibernate Reactive with Panache. Every method needs a session or transaction opened by
 * the caller ({@code Panache.withSession} / {@code Panache.withTransaction}).
 */
@ApplicationScoped
public class RightsRequestRepository implements PanacheRepositoryBase<RightsRequest, UUID> {

    private static final String DEADLINE = "coalesce(r.extendedUntil, r.dueAt)";

    Uni<List<RightsRequest>> forUser(String user) {
        return list("FROM RightsRequest r WHERE r.userId = ?1 ORDER BY r.receivedAt", user);
    }

    Uni<List<RightsRequest>> openOf(String user) {
        return list("FROM RightsRequest r WHERE r.userId = ?1 AND r.status IN ?2", user, RequestStatus.OPEN);
    }

    /**
     * The request, locked until the transaction ends ({@code SELECT ... FOR UPDATE}): of two officers extending
     * it at once, the second sees the first's extension and is refused. Null when there is no such request.
     */
    Uni<RightsRequest> lockForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Requests for the privacy officer, earliest deadline first (ties by id), optionally only open ones, optionally
     * only those past their deadline, starting after {@code after} (null: from the start); at most {@code limit}.
     */
    Uni<List<RightsRequest>> search(boolean openOnly, boolean overdueOnly, Instant now, Cursor after, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (openOnly || overdueOnly) {
            where.add("r.status IN :open");
            params.and("open", RequestStatus.OPEN);
        }
        if (overdueOnly) {
            where.add(DEADLINE + " < :now");
            params.and("now", now);
        }
        if (after != null) {
            where.add("(" + DEADLINE + " > :at OR (" + DEADLINE + " = :at AND r.id > :id))");
            params.and("at", after.at()).and("id", after.id());
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        return find("FROM RightsRequest r" + filter + " ORDER BY " + DEADLINE + ", r.id", params)
                .page(Page.ofSize(limit))
                .list();
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
