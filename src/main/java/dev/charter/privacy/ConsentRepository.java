package dev.charter.privacy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The append-only consent history through Hibernate Reactive with Panache. Every method needs a session or
 * transaction opened by the caller ({@code Panache.withSession} / {@code Panache.withTransaction}). The lookup
 * behind every processing decision and the erasure of a user's rows stay on the SQL client
 * ({@link ConsentGrantsRepository}).
 */
@ApplicationScoped
public class ConsentRepository implements PanacheRepositoryBase<Consent, Long> {

    /** The latest record per purpose, by purpose. */
    Uni<List<Consent>> latest(String user) {
        return list(
                "FROM Consent c WHERE c.userId = ?1 AND c.id = (SELECT max(l.id) FROM Consent l"
                        + " WHERE l.userId = c.userId AND l.purpose = c.purpose) ORDER BY c.purpose",
                user);
    }

    /** Every grant and withdrawal, oldest first (for exports). */
    Uni<List<Consent>> history(String user) {
        return list("FROM Consent c WHERE c.userId = ?1 ORDER BY c.id", user);
    }

    /** The latest record of one purpose, if any. */
    Uni<Consent> latest(String user, String purpose) {
        return find("userId = ?1 AND purpose = ?2 ORDER BY id DESC", user, purpose)
                .firstResult();
    }

    /**
     * Serialises decisions about one user's consents until the transaction ends, so two requests carrying the same
     * signal record one withdrawal, not two.
     */
    Uni<Void> lockUser(String user) {
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('consent:' || ?1))) locked",
                                Integer.class)
                        .setParameter(1, user)
                        .getSingleResult())
                .replaceWithVoid();
    }
}
