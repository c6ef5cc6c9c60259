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

/** Government requests through Hibernate Reactive with Panache; the caller opens the session or transaction. */
@ApplicationScoped
public class GovernmentRequestRepository implements PanacheRepositoryBase<GovernmentRequest, UUID> {

    /** Most recently received first (ties by id), after {@code after} (null: from the start); at most {@code limit}. */
    Uni<List<GovernmentRequest>> page(Cursor after, int limit) {
        Parameters params = new Parameters();
        String filter = "";
        if (after != null) {
            filter = " WHERE (r.receivedAt < :at OR (r.receivedAt = :at AND r.id < :id))";
            params.and("at", after.at()).and("id", after.id());
        }
        return find("FROM GovernmentRequest r" + filter + " ORDER BY r.receivedAt DESC, r.id DESC", params)
                .page(Page.ofSize(limit))
                .list();
    }

    Uni<GovernmentRequest> lockForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Requests received in [from, to), counted per country, type and outcome. */
    Uni<List<Object[]>> counts(Instant from, Instant to) {
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT country, type, outcome, count(*) FROM government_request"
                                        + " WHERE received_at >= ?1 AND received_at < ?2"
                                        + " GROUP BY country, type, outcome ORDER BY country, type, outcome",
                                Object[].class)
                        .setParameter(1, from)
                        .setParameter(2, to)
                        .getResultList());
    }
}
