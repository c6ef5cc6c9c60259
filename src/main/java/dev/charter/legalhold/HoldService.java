package dev.charter.legalhold;

import dev.charter.audit.AuditLog;
import dev.charter.common.Cursor;
import dev.charter.common.ErrorCodes;
import dev.charter.common.PageOf;
import dev.charter.common.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The privacy officer's register of legal holds. Placing, listing and releasing a hold are audited, in the
 * transaction that does it; a held user is the audit event's subject, so the hold shows in their access log.
 */
@ApplicationScoped
public class HoldService {

    private final LegalHoldRepository holds;
    private final AuditLog audit;
    private final Clock clock;

    HoldService(LegalHoldRepository holds, AuditLog audit, Clock clock) {
        this.holds = holds;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<HoldView> place(String officer, HoldInput.Body body) {
        Instant now = now();
        HoldInput input = HoldInput.of(body, now);
        LegalHold hold = new LegalHold(input, officer, now);
        return Panache.withTransaction(() -> holds.targetExists(input.scope(), input.target())
                .chain(exists -> {
                    if (!exists) {
                        throw LegalHold.USER.equals(input.scope())
                                ? new ProblemException(404, ErrorCodes.UNKNOWN_USER, "No such user.")
                                : ProblemException.notFound("No such conversation.");
                    }
                    return holds.persistAndFlush(hold);
                })
                .chain(() -> audited(officer, "hold.placed", hold))
                .map(ignored -> HoldView.of(hold, now)));
    }

    public Uni<PageOf<HoldView>> page(String officer, Cursor after, int limit) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> holds.page(after, limit + 1)
                        .call(rows -> Panache.getSession()
                                .chain(session -> audit.record(
                                        session,
                                        officer,
                                        "hold.list",
                                        null,
                                        Map.of("count", Math.min(rows.size(), limit))))))
                .map(rows -> PageOf.of(rows, limit, h -> Cursor.after(h.createdAt, h.id)))
                .map(page -> new PageOf<>(
                        page.items().stream().map(h -> HoldView.of(h, now)).toList(), page.next()));
    }

    /** Ends the hold; what it kept waiting (an erasure) goes on at the next scheduled check. */
    public Uni<HoldView> release(String officer, UUID id) {
        Instant now = now();
        return Panache.withTransaction(() -> holds.lockForUpdate(id).chain(hold -> {
            if (hold == null) {
                throw ProblemException.notFound("No such hold.");
            }
            if (hold.releasedAt != null) {
                throw new ProblemException(409, ErrorCodes.CONFLICT, "This hold was already released.");
            }
            hold.release(officer, now);
            return holds.flush()
                    .chain(() -> audited(officer, "hold.released", hold))
                    .map(ignored -> HoldView.of(hold, now));
        }));
    }

    private Uni<Void> audited(String officer, String action, LegalHold hold) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("hold", hold.id.toString());
        details.put("scope", hold.scope);
        if (LegalHold.CONVERSATION.equals(hold.scope)) {
            details.put("conversation", hold.target);
        }
        details.put("authority", hold.authority);
        details.put("reference", hold.reference);
        if (hold.expiresAt != null) {
            details.put("expiresAt", hold.expiresAt.toString());
        }
        String subject = LegalHold.USER.equals(hold.scope) ? hold.target : null;
        return Panache.getSession().chain(session -> audit.record(session, officer, action, subject, details));
    }

    /** Now, at the database's precision, so what is answered is what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
