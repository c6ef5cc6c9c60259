package dev.charter.breach;

import dev.charter.audit.AuditLog;
import dev.charter.common.ErrorCodes;
import dev.charter.common.PeerCaches;
import dev.charter.common.ProblemException;
import dev.charter.jurisdiction.JurisdictionDirectory;
import dev.charter.jurisdiction.JurisdictionProfile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The breach register: who is affected, under which law, and by when each regulator must hear of it (GDPR
 * Art. 33(1): 72 hours from becoming aware; the window and its statute come from the jurisdiction profiles).
 * Naming an affected user to the admin or officer is an access to their data by someone else, so it is audited
 * per user (it then appears in that user's export); erased users are only counted.
 *
 * <p>Persistence is Hibernate Reactive with Panache: pure reads run in {@code Panache.withSession}, anything
 * that writes (an audit record included) in {@code Panache.withTransaction}, so a breach change, its effects
 * and its audit events commit in one transaction, through the same session.
 */
@ApplicationScoped
public class BreachService {

    private static final String INDIVIDUALS = "individuals";

    private final BreachRepository breaches;
    private final BreachJurisdictionRepository affected;
    private final JurisdictionDirectory jurisdictions;
    private final AuditLog audit;
    private final Clock clock;
    private final BreachNoticeRepository notices;
    private final PeerCaches peers;

    BreachService(
            BreachRepository breaches,
            BreachJurisdictionRepository affected,
            JurisdictionDirectory jurisdictions,
            AuditLog audit,
            Clock clock,
            BreachNoticeRepository notices,
            PeerCaches peers) {
        this.breaches = breaches;
        this.affected = affected;
        this.jurisdictions = jurisdictions;
        this.audit = audit;
        this.clock = clock;
        this.notices = notices;
        this.peers = peers;
    }

    public Uni<BreachView> record(String admin, BreachBody body) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        BreachInput.NewBreach input = BreachInput.breach(body, now, Set.copyOf(jurisdictions.all()));
        Breach breach = new Breach(
                UUID.randomUUID(),
                input.title(),
                input.description(),
                input.detectedAt(),
                input.occurredAt(),
                input.dataCategories(),
                input.query() == null ? null : input.query().toMap(),
                admin,
                now);
        UserSelection selection = input.named() != null
                ? UserSelection.named(input.named())
                : UserSelection.query(
                        input.query().countries(),
                        input.query().jurisdictions(),
                        input.query().existedBy());
        return Panache.withSession(() -> requireExisting(input.named()))
                .chain(() -> Panache.withTransaction(() -> breaches.persistAndFlush(breach)
                        .chain(() -> breaches.insertUsers(breach.id, selection))
                        .chain(tally -> {
                            if (tally.isEmpty()) {
                                throw ProblemException.unprocessable("No users match 'affected'.");
                            }
                            Map<String, Object> details = Map.of(
                                    "breach",
                                    breach.id.toString(),
                                    "jurisdictions",
                                    tally.stream()
                                            .map(JurisdictionTally::jurisdiction)
                                            .toList(),
                                    "affected",
                                    tally.stream()
                                            .mapToLong(t -> t.named() + t.erased())
                                            .sum(),
                                    "erased",
                                    tally.stream()
                                            .mapToLong(JurisdictionTally::erased)
                                            .sum());
                            return affected.persist(tally.stream().map(t -> jurisdictionRow(breach, t)))
                                    .chain(affected::flush)
                                    .chain(() -> audited(admin, "breach.recorded", null, details));
                        })
                        .chain(() -> load(breach.id))
                        .call(view -> auditEach(admin, "breach.user_affected", breach.id, named(view)))));
    }

    /** The breach with its affected users; the read and every user it names are audited. */
    public Uni<BreachView> read(String actor, UUID id) {
        return Panache.withTransaction(() -> load(id).call(view -> audited(
                        actor,
                        "breach.read",
                        null,
                        Map.of("breach", id.toString(), "named", named(view).size()))
                .chain(() -> auditEach(actor, "breach.user_listed", id, named(view)))));
    }

    public Uni<List<BreachView>> list(String actor, boolean overdueOnly) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> breaches.search(overdueOnly, now)
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(List.<BreachView>of());
                    }
                    return affected.ofBreaches(found.stream().map(b -> b.id).toList())
                            .map(all -> {
                                Map<UUID, List<AffectedJurisdiction>> byBreach =
                                        all.stream().collect(Collectors.groupingBy(j -> j.row().breachId));
                                return found.stream()
                                        .map(b -> BreachView.of(b, byBreach.getOrDefault(b.id, List.of()), null, now))
                                        .toList();
                            });
                })
                .call(list ->
                        audited(actor, "breach.list", null, Map.of("overdue", overdueOnly, "count", list.size()))));
    }

    /**
     * Records that one jurisdiction's regulator was notified (it is then no longer overdue), or the audience of one
     * of its clocks. For a clock whose audience is individuals, every affected user of the jurisdiction gets the
     * notice: stored, delivered in-app, and in their export.
     */
    public Uni<BreachView> notified(String actor, UUID id, NotificationBody body) {
        BreachInput.Notification input =
                BreachInput.notification(body, clock.instant().truncatedTo(ChronoUnit.MICROS));
        Breach[] breach = new Breach[1];
        return Panache.withTransaction(() -> find(id).chain(found -> {
                            breach[0] = found;
                            if (input.notifiedAt().isBefore(found.detectedAt)) {
                                throw ProblemException.unprocessable(
                                        "'notifiedAt' cannot be before the breach was detected.");
                            }
                            return affected.lockForUpdate(id, input.jurisdiction());
                        })
                        .chain(row -> {
                            if (row == null) {
                                throw ProblemException.unprocessable(
                                        "This breach affects no users of jurisdiction '" + input.jurisdiction() + "'.");
                            }
                            String clock = input.clock() == null ? ClockView.REGULATOR : input.clock();
                            boolean regulator = ClockView.REGULATOR.equals(clock);
                            Optional<JurisdictionProfile.BreachClock> duty = row.clocks == null
                                    ? Optional.empty()
                                    : row.clocks.list().stream()
                                            .filter(c -> c.id().equals(clock))
                                            .findFirst();
                            if (!regulator && duty.isEmpty()) {
                                throw ProblemException.unprocessable("Jurisdiction '" + input.jurisdiction()
                                        + "' has no notification clock '" + clock + "' for this breach.");
                            }
                            if (regulator ? row.notified() : row.noticeGiven(clock)) {
                                throw new ProblemException(
                                        409,
                                        ErrorCodes.CONFLICT,
                                        regulator
                                                ? "This jurisdiction's regulator was already notified."
                                                : "This notice was already recorded.");
                            }
                            if (regulator) {
                                row.markNotified(input.notifiedAt(), actor, input.reference());
                            } else {
                                row.markClockNotified(clock, input.notifiedAt(), actor, input.reference());
                            }
                            Map<String, Object> details = new HashMap<>(Map.of(
                                    "breach",
                                    id.toString(),
                                    "jurisdiction",
                                    input.jurisdiction(),
                                    "clock",
                                    clock,
                                    "notifiedAt",
                                    input.notifiedAt().toString()));
                            if (input.reference() != null) {
                                details.put("reference", input.reference());
                            }
                            boolean individuals = duty.map(c -> INDIVIDUALS.equals(c.audience()))
                                    .orElse(false);
                            if (!individuals) {
                                return audited(actor, "breach.notified", null, details);
                            }
                            String notice = input.notice() != null ? input.notice() : defaultNotice(breach[0]);
                            return affected.flush()
                                    .chain(() -> Panache.getSession())
                                    .chain(session -> notices.insert(
                                                    session,
                                                    id,
                                                    input.jurisdiction(),
                                                    clock,
                                                    notice,
                                                    input.notifiedAt())
                                            .chain(count -> {
                                                details.put("individualsNotified", count);
                                                return audited(actor, "breach.notified", null, details);
                                            })
                                            .chain(() -> BreachNoticeDelivery.announce(peers, session, id.toString())));
                        }))
                .chain(() -> read(actor, id));
    }

    /** What individuals are told when the officer gave no text: the breach's title and description. */
    private static String defaultNotice(Breach breach) {
        String text = breach.description == null || breach.description.isBlank()
                ? breach.title
                : breach.title + "\n\n" + breach.description;
        return text.length() <= BreachInput.MAX_NOTICE ? text : text.substring(0, BreachInput.MAX_NOTICE);
    }

    /** Naming a user who never called is {@code 404 unknown_user}, as everywhere in the contract. */
    private Uni<Void> requireExisting(List<String> named) {
        if (named == null) {
            return Uni.createFrom().voidItem();
        }
        return breaches.existing(named).map(found -> {
            List<String> missing =
                    named.stream().filter(id -> !found.contains(id)).toList();
            if (!missing.isEmpty()) {
                throw new ProblemException(
                        404, ErrorCodes.UNKNOWN_USER, "Some affected users do not exist.", Map.of("users", missing));
            }
            return null;
        });
    }

    private BreachJurisdiction jurisdictionRow(Breach breach, JurisdictionTally tally) {
        var profile = jurisdictions.profile(tally.jurisdiction());
        NotificationWindow window = NotificationWindow.of(profile);
        BreachJurisdiction row = new BreachJurisdiction(
                breach.id,
                tally.jurisdiction(),
                window.hours(),
                window.deadline(breach.detectedAt),
                window.source(),
                (int) tally.erased());
        row.clocks = profile.map(p ->
                        new BreachJurisdiction.Clocks(p.breachNotification().clocks()))
                .orElse(null);
        return row;
    }

    private Uni<BreachView> load(UUID id) {
        return find(id).chain(breach -> affected.ofBreaches(List.of(id))
                .chain(jurisdictionsOf -> breaches.namedUsers(id)
                        .map(users -> BreachView.of(breach, jurisdictionsOf, users, clock.instant()))));
    }

    private Uni<Breach> find(UUID id) {
        return breaches.findById(id).map(found -> {
            if (found == null) {
                throw ProblemException.notFound("No such breach.");
            }
            return found;
        });
    }

    /** An audit event in the current session's transaction. */
    private Uni<Void> audited(String actor, String action, String subject, Map<String, Object> details) {
        return Panache.getSession().chain(session -> audit.record(session, actor, action, subject, details));
    }

    /** One event per user, each with the user as subject, so it shows in that user's own export. */
    private Uni<Void> auditEach(String actor, String action, UUID breach, List<String> users) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String user : users) {
            chain = chain.chain(() -> audited(actor, action, user, Map.of("breach", breach.toString())));
        }
        return chain;
    }

    private static List<String> named(BreachView view) {
        return view.jurisdictions().stream().flatMap(j -> j.users().stream()).toList();
    }
}
