package dev.charter.moderation;

import dev.charter.crypto.SealedText;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
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

    /** {@code status} null: every report. */
    Uni<List<Report>> byStatus(ReportStatus status, int limit) {
        var query = status == null
                ? find("FROM Report r ORDER BY r.createdAt, r.id")
                : find("FROM Report r WHERE r.status = ?1 ORDER BY r.createdAt, r.id", status);
        return query.page(Page.ofSize(limit)).list();
    }
}
