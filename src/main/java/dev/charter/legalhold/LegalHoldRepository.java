package dev.charter.legalhold;

import dev.charter.common.Cursor;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Holds through Hibernate Reactive with Panache, for the officer's register. Every method needs a session or
 * transaction opened by the caller. What the other features ask of holds is in {@link ActiveHoldRepository}.
 */
@ApplicationScoped
public class LegalHoldRepository implements PanacheRepositoryBase<LegalHold, UUID> {

    /** Newest first (ties by id), starting after {@code after} (null: from the start); at most {@code limit}. */
    Uni<List<LegalHold>> page(Cursor after, int limit) {
        Parameters params = new Parameters();
        String filter = "";
        if (after != null) {
            filter = " WHERE (h.createdAt < :at OR (h.createdAt = :at AND h.id < :id))";
            params.and("at", after.at()).and("id", after.id());
        }
        return find("FROM LegalHold h" + filter + " ORDER BY h.createdAt DESC, h.id DESC", params)
                .page(Page.ofSize(limit))
                .list();
    }

    Uni<LegalHold> lockForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Whether the hold's target exists: a user who has called, or a conversation. */
    Uni<Boolean> targetExists(String scope, String target) {
        String sql = LegalHold.USER.equals(scope)
                ? "SELECT count(*) FROM app_user WHERE id = ?1"
                : "SELECT count(*) FROM conversation WHERE id = CAST(?1 AS uuid)";
        return getSession()
                .chain(session -> session.createNativeQuery(sql, Long.class)
                        .setParameter(1, target)
                        .getSingleResult())
                .map(count -> count > 0);
    }

    /** Holds created in [from, to), per scope. */
    Uni<List<Object[]>> createdPerScope(Instant from, Instant to) {
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT scope, count(*) FROM legal_hold WHERE created_at >= ?1 AND created_at < ?2"
                                        + " GROUP BY scope ORDER BY scope",
                                Object[].class)
                        .setParameter(1, from)
                        .setParameter(2, to)
                        .getResultList());
    }
}
