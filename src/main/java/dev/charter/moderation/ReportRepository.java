package dev.charter.moderation;

import dev.charter.common.Cursor;
import dev.charter.crypto.SealedText;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reports through Hibernate Reactive with Panache. Every method needs a session or transaction opened by the
 * caller ({@code Panache.withSession} / {@code Panache.withTransaction}). The send path's flags and suspension
 * checks are on the SQL client ({@link SendPathRepository}).
 */
@ApplicationScoped
public class ReportRepository implements PanacheRepositoryBase<Report, UUID> {

    /**
     * The report, locked until the transaction ends ({@code SELECT ... FOR UPDATE}): of two moderators deciding
     * it at once, the second sees the first's decision and is refused. Null when there is no such report.
     */
    Uni<Report> lockForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The reporter's sealed copy, if the report has one; read apart, so loading a report never loads it. */
    Uni<Optional<SealedText>> copyOf(UUID report) {
        return getSession()
                .chain(session -> session.createSelectionQuery(
                                "SELECT r.copyKeyEpoch, r.copyKeyVersion, r.copyNonce, r.copyCiphertext FROM Report r"
                                        + " WHERE r.id = ?1 AND r.copyCiphertext IS NOT NULL",
                                Object[].class)
                        .setParameter(1, report)
                        .getResultList())
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(row ->
                                new SealedText((Integer) row[0], (Integer) row[1], (byte[]) row[2], (byte[]) row[3])));
    }

    Uni<List<Report>> byReporter(String reporter) {
        return list("FROM Report r WHERE r.reporter = ?1 ORDER BY r.createdAt, r.id", reporter);
    }

    Uni<Long> openFiledBy(String reporter) {
        return count("reporter = ?1 AND status = ?2", reporter, ReportStatus.OPEN);
    }

    /**
     * The moderators' queue ({@code status} null: every report): illegal content first, then harassment, then the
     * rest; oldest first within each; ties by id. Starts after {@code after} (null: from the start).
     */
    Uni<List<Report>> queue(ReportStatus status, Cursor after, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (status != null) {
            where.add("r.status = :status");
            params.and("status", status);
        }
        if (after != null) {
            where.add("(" + RANK + " > :rank OR (" + RANK + " = :rank AND (r.createdAt > :at"
                    + " OR (r.createdAt = :at AND r.id > :id))))");
            params.and("rank", after.rank()).and("at", after.at()).and("id", after.id());
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        return find("FROM Report r" + filter + " ORDER BY " + RANK + ", r.createdAt, r.id", params)
                .page(Page.ofSize(limit))
                .list();
    }

    /** The queue position of a report, as {@link #queue} orders it. */
    static Cursor positionOf(Report r) {
        return new Cursor(rank(r.reason), r.createdAt, r.id);
    }

    private static int rank(String reason) {
        return switch (reason) {
            case "illegal" -> 0;
            case "harassment" -> 1;
            default -> 2;
        };
    }

    private static final String RANK = "(CASE r.reason WHEN 'illegal' THEN 0 WHEN 'harassment' THEN 1 ELSE 2 END)";
}
