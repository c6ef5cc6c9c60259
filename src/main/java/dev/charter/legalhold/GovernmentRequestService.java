package dev.charter.legalhold;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.audit.AuditLog;
import dev.charter.common.Cursor;
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
 * The register of government requests and preservation orders: each with the deadline its country's law sets
 * for its type ({@link RequestDeadlines}), and what was done about it. Every change and read is audited.
 */
@ApplicationScoped
public class GovernmentRequestService {

    private final GovernmentRequestRepository requests;
    private final RequestDeadlines deadlines;
    private final AuditLog audit;
    private final Clock clock;

    GovernmentRequestService(GovernmentRequestRepository requests, ObjectMapper json, AuditLog audit, Clock clock) {
        this.requests = requests;
        this.deadlines = RequestDeadlines.load(json);
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<GovernmentRequestView> record(String officer, GovernmentRequestInput.Body body) {
        Instant now = now();
        GovernmentRequestInput input = GovernmentRequestInput.of(body, now);
        RequestDeadlines.Deadline deadline =
                deadlines.of(input.country(), input.type(), input.urgent(), input.receivedAt());
        GovernmentRequest request = new GovernmentRequest(input, deadline, officer, now);
        return Panache.withTransaction(() -> requests.persistAndFlush(request)
                .chain(() -> audited(officer, "government_request.recorded", request))
                .map(ignored -> GovernmentRequestView.of(request, now)));
    }

    public Uni<PageOf<GovernmentRequestView>> page(String officer, Cursor after, int limit) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> requests.page(after, limit + 1)
                        .call(rows -> Panache.getSession()
                                .chain(session -> audit.record(
                                        session,
                                        officer,
                                        "government_request.list",
                                        null,
                                        Map.of("count", Math.min(rows.size(), limit))))))
                .map(rows -> PageOf.of(rows, limit, r -> Cursor.after(r.receivedAt, r.id)))
                .map(page -> new PageOf<>(
                        page.items().stream()
                                .map(r -> GovernmentRequestView.of(r, now))
                                .toList(),
                        page.next()));
    }

    public Uni<GovernmentRequestView> decide(String officer, UUID id, GovernmentRequestInput.Outcome body) {
        String outcome = GovernmentRequestInput.outcome(body);
        Instant now = now();
        return Panache.withTransaction(() -> requests.lockForUpdate(id).chain(request -> {
            if (request == null) {
                throw ProblemException.notFound("No such government request.");
            }
            request.decide(outcome, body.note(), now);
            return requests.flush()
                    .chain(() -> audited(officer, "government_request.decided", request))
                    .map(ignored -> GovernmentRequestView.of(request, now));
        }));
    }

    private Uni<Void> audited(String officer, String action, GovernmentRequest request) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("request", request.id.toString());
        details.put("country", request.country);
        details.put("type", request.type);
        details.put("outcome", request.outcome);
        details.put("deadline", request.deadline.toString());
        return Panache.getSession().chain(session -> audit.record(session, officer, action, null, details));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
