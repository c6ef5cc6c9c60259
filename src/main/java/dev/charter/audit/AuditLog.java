package dev.charter.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.common.Transactions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The audit log other features call: every access to a user's data by someone else, every admin and
 * moderator action with its reasons, configuration at start-up. Appends are serialised by locking the
 * chain's head row, so there is one chain however many writers and instances there are. Details carry
 * ids, reasons and counts; never message text, tokens or keys.
 */
@ApplicationScoped
public class AuditLog {

    /** The actor of events the service itself causes. */
    public static final String SYSTEM = "system";

    private static final int VERIFY_PAGE = 1_000;

    private final Transactions transactions;
    private final AuditRepository repository;
    private final ObjectMapper json;
    private final Clock clock;

    AuditLog(Transactions transactions, AuditRepository repository, ObjectMapper json, Clock clock) {
        this.transactions = transactions;
        this.repository = repository;
        this.json = json;
        this.clock = clock;
    }

    /** Appends an event in its own transaction. */
    public Uni<Void> record(String actor, String action, String subject, Map<String, Object> details) {
        return transactions.inTransaction(conn -> record(conn, actor, action, subject, details));
    }

    /**
     * Appends an event inside the caller's transaction, so the action and its audit record commit (or fail)
     * together. Holds the chain's head lock until that transaction ends: keep such transactions short.
     */
    public Uni<Void> record(
            SqlConnection conn, String actor, String action, String subject, Map<String, Object> details) {
        JsonNode detailsNode = json.valueToTree(AuditChain.orEmpty(details));
        return repository
                .lockHead(conn)
                .flatMap(head -> repository.insert(conn, next(head, actor, action, subject, detailsNode)));
    }

    /**
     * Appends an event inside the transaction of a Hibernate Reactive session (features whose entities are
     * mapped with Panache: {@code Panache.getSession()} inside {@code Panache.withTransaction}), through that
     * session's connection, so the entity change and its audit record commit (or fail) together. Same chain,
     * same head lock and same hash as {@link #record(SqlConnection, String, String, String, Map)}.
     */
    public Uni<Void> record(
            Mutiny.Session session, String actor, String action, String subject, Map<String, Object> details) {
        JsonNode detailsNode = json.valueToTree(AuditChain.orEmpty(details));
        return repository
                .lockHead(session)
                .flatMap(head -> repository.insert(session, next(head, actor, action, subject, detailsNode)));
    }

    /** The event that follows {@code head}, linked to it by its hash. */
    private AuditEvent next(
            AuditRepository.Head head, String actor, String action, String subject, JsonNode detailsNode) {
        long seq = head.seq() + 1;
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String hash = AuditChain.hash(head.hash(), seq, at, actor, action, subject, detailsNode);
        return new AuditEvent(seq, at, actor, action, subject, detailsNode, head.hash(), hash);
    }

    public Uni<List<AuditEvent>> search(String subject, String actor, long afterSeq, Instant afterTime, int limit) {
        return repository.search(subject, actor, afterSeq, afterTime, limit);
    }

    /** {@code brokenAt} is the seq of the first event whose hash or link does not hold, or null. */
    public record Verification(boolean valid, long events, String head, Long brokenAt) {}

    /** Recomputes every hash from the stored fields, oldest first, and checks each link to its predecessor. */
    public Uni<Verification> verify() {
        // The head is read first: events appended during the scan are checked too, and rows deleted from
        // the end of the chain (which leave no broken link behind) show up as a head that has no event.
        return repository.head().flatMap(head -> verifyFrom(head, 0, AuditChain.GENESIS, 0));
    }

    private Uni<Verification> verifyFrom(AuditRepository.Head head, long afterSeq, String prevHash, long counted) {
        return repository.page(afterSeq, VERIFY_PAGE).flatMap(page -> {
            String expectedPrev = prevHash;
            long count = counted;
            for (AuditEvent e : page) {
                String recomputed =
                        AuditChain.hash(e.prevHash(), e.seq(), e.at(), e.actor(), e.action(), e.subject(), e.details());
                if (!e.prevHash().equals(expectedPrev)
                        || !recomputed.equals(e.hash())
                        || (e.seq() == head.seq() && !e.hash().equals(head.hash()))) {
                    return Uni.createFrom().item(new Verification(false, count, null, e.seq()));
                }
                expectedPrev = e.hash();
                count++;
            }
            long lastSeq = page.isEmpty() ? afterSeq : page.get(page.size() - 1).seq();
            if (page.size() < VERIFY_PAGE) {
                if (lastSeq < head.seq()) {
                    return Uni.createFrom().item(new Verification(false, count, null, lastSeq + 1));
                }
                return Uni.createFrom().item(new Verification(true, count, expectedPrev, null));
            }
            return verifyFrom(head, lastSeq, expectedPrev, count);
        });
    }
}
