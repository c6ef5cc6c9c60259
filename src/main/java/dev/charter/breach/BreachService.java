package dev.charter.breach;

import dev.charter.audit.AuditLog;
import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.jurisdiction.JurisdictionDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The breach register: who is affected, under which law, and by when each regulator must hear of it (GDPR
 * Art. 33(1): 72 hours from becoming aware; the window and its statute come from the jurisdiction profiles).
 * Naming an affected user to the admin or officer is an access to their data by someone else, so it is audited
 * per user (it then appears in that user's export); erased users are only counted.
 */
@ApplicationScoped
public class BreachService {

    private final BreachRepository breaches;
    private final JurisdictionDirectory jurisdictions;
    private final AuditLog audit;
    private final Clock clock;

    BreachService(BreachRepository breaches, JurisdictionDirectory jurisdictions, AuditLog audit, Clock clock) {
        this.breaches = breaches;
        this.jurisdictions = jurisdictions;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<BreachView> record(String admin, BreachBody body) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        BreachInput.NewBreach input = BreachInput.breach(body, now, Set.copyOf(jurisdictions.all()));
        Breach breach = new Breach(UUID.randomUUID(), input.title(), input.description(), input.detectedAt(),
                input.occurredAt(), input.dataCategories(), input.query() == null ? null : input.query().toJson(),
                admin, now);
        UserSelection selection = input.named() != null ? UserSelection.named(input.named())
                : UserSelection.query(input.query().countries(), input.query().jurisdictions(),
                        input.query().existedBy());
        return requireExisting(input.named())
                .flatMap(ignored -> breaches.inTransaction(conn -> breaches.insert(conn, breach)
                        .flatMap(inserted -> breaches.insertUsers(conn, breach.id(), selection))
                        .flatMap(tally -> {
                            if (tally.isEmpty()) {
                                throw ProblemException.unprocessable("No users match 'affected'.");
                            }
                            Map<String, Object> details = Map.of("breach", breach.id().toString(),
                                    "jurisdictions", tally.stream().map(JurisdictionTally::jurisdiction).toList(),
                                    "affected", tally.stream().mapToLong(t -> t.named() + t.erased()).sum(),
                                    "erased", tally.stream().mapToLong(JurisdictionTally::erased).sum());
                            return breaches.insertJurisdictions(conn,
                                    tally.stream().map(t -> jurisdictionRow(breach, t)).toList())
                                    .flatMap(stored -> audit.record(conn, admin, "breach.recorded", null, details));
                        })))
                .flatMap(ignored -> load(breach.id()))
                .call(view -> breaches.inTransaction(conn -> auditEach(conn, admin, "breach.user_affected",
                        breach.id(), named(view))));
    }

    /** The breach with its affected users; the read and every user it names are audited. */
    public Uni<BreachView> read(String actor, UUID id) {
        return load(id).call(view -> breaches.inTransaction(conn -> audit.record(conn, actor, "breach.read",
                null, Map.of("breach", id.toString(), "named", named(view).size()))
                .flatMap(ignored -> auditEach(conn, actor, "breach.user_listed", id, named(view)))));
    }

    public Uni<List<BreachView>> list(String actor, boolean overdueOnly) {
        Instant now = clock.instant();
        return breaches.search(overdueOnly, now).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(List.<BreachView>of());
            }
            return breaches.jurisdictions(found.stream().map(Breach::id).toList()).map(all -> {
                Map<UUID, List<BreachJurisdiction>> byBreach = all.stream()
                        .collect(Collectors.groupingBy(BreachJurisdiction::breachId));
                return found.stream().map(b -> BreachView.of(b, byBreach.getOrDefault(b.id(), List.of()), null,
                        now)).toList();
            });
        }).call(list -> audit.record(actor, "breach.list", null, Map.of("overdue", overdueOnly, "count",
                list.size())));
    }

    /** Records that one jurisdiction's regulator was notified; it is then no longer overdue. */
    public Uni<BreachView> notified(String actor, UUID id, NotificationBody body) {
        BreachInput.Notification input = BreachInput.notification(body, clock.instant().truncatedTo(ChronoUnit.MICROS));
        return find(id).flatMap(breach -> {
            if (input.notifiedAt().isBefore(breach.detectedAt())) {
                throw ProblemException.unprocessable("'notifiedAt' cannot be before the breach was detected.");
            }
            return breaches.jurisdictions(List.of(id)).flatMap(affected -> {
                if (affected.stream().noneMatch(j -> j.jurisdiction().equals(input.jurisdiction()))) {
                    throw ProblemException.unprocessable("This breach affects no users of jurisdiction '"
                            + input.jurisdiction() + "'.");
                }
                Map<String, Object> details = new HashMap<>(Map.of("breach", id.toString(),
                        "jurisdiction", input.jurisdiction(), "notifiedAt", input.notifiedAt().toString()));
                if (input.reference() != null) {
                    details.put("reference", input.reference());
                }
                return breaches.inTransaction(conn -> breaches.markNotified(conn, id, input.jurisdiction(),
                        input.notifiedAt(), actor, input.reference()).flatMap(marked -> {
                            if (!marked) {
                                throw new ProblemException(409, ErrorCodes.CONFLICT,
                                        "This jurisdiction's regulator was already notified.");
                            }
                            return audit.record(conn, actor, "breach.notified", null, details);
                        }));
            });
        }).flatMap(ignored -> read(actor, id));
    }

    /** Naming a user who never called is {@code 404 unknown_user}, as everywhere in the contract. */
    private Uni<Void> requireExisting(List<String> named) {
        if (named == null) {
            return Uni.createFrom().voidItem();
        }
        return breaches.existing(named).map(found -> {
            List<String> missing = named.stream().filter(id -> !found.contains(id)).toList();
            if (!missing.isEmpty()) {
                throw new ProblemException(404, ErrorCodes.UNKNOWN_USER, "Some affected users do not exist.",
                        Map.of("users", missing));
            }
            return null;
        });
    }

    private BreachJurisdiction jurisdictionRow(Breach breach, JurisdictionTally tally) {
        NotificationWindow window = NotificationWindow.of(jurisdictions.profile(tally.jurisdiction()));
        return new BreachJurisdiction(breach.id(), tally.jurisdiction(), window.hours(),
                window.deadline(breach.detectedAt()), window.source(), tally.named(), tally.erased(), null, null, null);
    }

    private Uni<BreachView> load(UUID id) {
        return find(id).flatMap(breach -> breaches.jurisdictions(List.of(id))
                .flatMap(affected -> breaches.namedUsers(id)
                        .map(users -> BreachView.of(breach, affected, users, clock.instant()))));
    }

    private Uni<Breach> find(UUID id) {
        return breaches.find(id).map(found -> found.orElseThrow(() -> ProblemException.notFound("No such breach.")));
    }

    /** One event per user, each with the user as subject, so it shows in that user's own export. */
    private Uni<Void> auditEach(SqlConnection conn, String actor, String action, UUID breach, List<String> users) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String user : users) {
            chain = chain.flatMap(ignored -> audit.record(conn, actor, action, user,
                    Map.of("breach", breach.toString())));
        }
        return chain;
    }

    private static List<String> named(BreachView view) {
        return view.jurisdictions().stream().flatMap(j -> j.users().stream()).toList();
    }
}
