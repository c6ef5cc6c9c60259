package dev.charter.breach;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Breaches through Hibernate Reactive with Panache. Set-based work that has no entity (resolving and storing
 * the affected users of a breach of any size, reading {@code app_user}) is native SQL through the same
 * reactive session, so it joins the caller's transaction. Every method needs a session or transaction
 * opened by the caller ({@code Panache.withSession} / {@code Panache.withTransaction}).
 */
@ApplicationScoped
public class BreachRepository implements PanacheRepositoryBase<Breach, UUID> {

    private static final String JURISDICTION = "coalesce(jurisdiction, '" + NotificationWindow.UNASSIGNED + "')";
    /** Views name at most this many users per jurisdiction (each one named is an audited access). */
    static final int LISTED_PER_JURISDICTION = 1_000;
    /** Longest list of breaches answered at once. */
    static final int LIST_LIMIT = 1_000;

    /** The subset of {@code ids} that exist (erased ones included). */
    Uni<Set<String>> existing(List<String> ids) {
        return getSession()
                .chain(session -> session.createNativeQuery("SELECT id FROM app_user WHERE id = ANY(?1)", String.class)
                        .setParameter(1, ids.toArray(String[]::new))
                        .getResultList())
                .map(HashSet::new);
    }

    /**
     * Stores every selected user who is not erased, under the jurisdiction that governs them now, and answers
     * the tally per jurisdiction, erased users counted; one statement, so the rows and the tally agree.
     */
    Uni<List<JurisdictionTally>> insertUsers(UUID breachId, UserSelection selection) {
        String sql = "WITH selected AS (SELECT id, " + JURISDICTION + " AS j, status = 'erased' AS erased "
                + "FROM app_user WHERE " + selection.where() + "), stored AS (INSERT INTO breach_user (breach_id, "
                + "user_id, jurisdiction) SELECT CAST(?" + selection.next() + " AS uuid), id, j FROM selected "
                + "WHERE NOT erased) SELECT j, count(*) FILTER (WHERE NOT erased), count(*) FILTER (WHERE erased) "
                + "FROM selected GROUP BY j ORDER BY j";
        return getSession()
                .chain(session -> {
                    var query = session.createNativeQuery(sql, Object[].class);
                    List<Object> params = selection.paramsWith(breachId);
                    for (int i = 0; i < params.size(); i++) {
                        query.setParameter(i + 1, params.get(i));
                    }
                    return query.getResultList();
                })
                .map(rows -> rows.stream()
                        .map(row -> new JurisdictionTally((String) row[0], number(row[1]), number(row[2])))
                        .toList());
    }

    /** Newest first; optionally only breaches with a jurisdiction past its deadline and not yet notified. */
    Uni<List<Breach>> search(boolean overdueOnly, Instant now) {
        var query = overdueOnly
                ? find(
                        "FROM Breach b WHERE EXISTS (FROM BreachJurisdiction j WHERE j.breachId = b.id "
                                + "AND j.notifiedAt IS NULL AND j.deadline < ?1) ORDER BY b.detectedAt DESC, b.id",
                        now)
                : find("FROM Breach b ORDER BY b.detectedAt DESC, b.id");
        return query.page(Page.ofSize(LIST_LIMIT)).list();
    }

    /** The affected users still named (erased ones are left out), by jurisdiction, at most {@link
     * #LISTED_PER_JURISDICTION} each. */
    Uni<Map<String, List<String>>> namedUsers(UUID breachId) {
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT jurisdiction, user_id FROM ("
                                        + "SELECT bu.jurisdiction, bu.user_id, row_number() OVER (PARTITION BY bu.jurisdiction "
                                        + "ORDER BY bu.user_id) AS n FROM breach_user bu JOIN app_user u ON u.id = bu.user_id "
                                        + "WHERE bu.breach_id = ?1 AND u.status <> 'erased') listed WHERE n <= ?2 "
                                        + "ORDER BY jurisdiction, user_id",
                                Object[].class)
                        .setParameter(1, breachId)
                        .setParameter(2, LISTED_PER_JURISDICTION)
                        .getResultList())
                .map(rows -> {
                    Map<String, List<String>> byJurisdiction = new LinkedHashMap<>();
                    rows.forEach(row -> byJurisdiction
                            .computeIfAbsent((String) row[0], k -> new ArrayList<>())
                            .add((String) row[1]));
                    return byJurisdiction;
                });
    }

    static long number(Object value) {
        return ((Number) value).longValue();
    }
}
