package dev.charter.breach;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The affected jurisdictions of breaches, with their deadlines and notifications. */
@ApplicationScoped
public class BreachJurisdictionRepository implements PanacheRepositoryBase<BreachJurisdiction, BreachJurisdiction.Key> {

    private record Counts(long listed, long erasedSince) {}

    /**
     * The jurisdictions of these breaches with their counts as of now: a user erased since the breach was
     * recorded moves from the listed count to the erased count.
     */
    Uni<List<AffectedJurisdiction>> ofBreaches(List<UUID> breachIds) {
        return list("FROM BreachJurisdiction j WHERE j.breachId IN ?1 ORDER BY j.breachId, j.jurisdiction", breachIds)
                .chain(rows -> counts(breachIds)
                        .map(counts -> rows.stream()
                                .map(row -> {
                                    Counts c = counts.getOrDefault(
                                            new BreachJurisdiction.Key(row.breachId, row.jurisdiction),
                                            new Counts(0, 0));
                                    return new AffectedJurisdiction(row, c.listed(), row.erasedCount + c.erasedSince());
                                })
                                .toList()));
    }

    /**
     * The row, locked until the transaction ends ({@code SELECT ... FOR UPDATE}): of two officers recording
     * the same notification at once, the second sees the first's and is refused. Null when the breach does not
     * affect this jurisdiction.
     */
    Uni<BreachJurisdiction> lockForUpdate(UUID breachId, String jurisdiction) {
        return findById(new BreachJurisdiction.Key(breachId, jurisdiction), LockModeType.PESSIMISTIC_WRITE);
    }

    /** Stored affected users per jurisdiction, split into those still named and those erased since. */
    private Uni<Map<BreachJurisdiction.Key, Counts>> counts(List<UUID> breachIds) {
        return getSession()
                .chain(session -> session.createNativeQuery("""
                SELECT bu.breach_id, bu.jurisdiction,
                       count(*) FILTER (WHERE u.status <> 'erased'),
                       count(*) FILTER (WHERE u.status = 'erased')
                  FROM breach_user bu
                  JOIN app_user u ON u.id = bu.user_id
                 WHERE bu.breach_id = ANY(?1)
                 GROUP BY bu.breach_id, bu.jurisdiction""", Object[].class)
                        .setParameter(1, breachIds.toArray(UUID[]::new))
                        .getResultList())
                .map(rows -> {
                    Map<BreachJurisdiction.Key, Counts> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(
                            new BreachJurisdiction.Key((UUID) row[0], (String) row[1]),
                            new Counts(BreachRepository.number(row[2]), BreachRepository.number(row[3]))));
                    return counts;
                });
    }
}
