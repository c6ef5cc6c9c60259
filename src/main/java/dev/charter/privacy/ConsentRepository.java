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
}
