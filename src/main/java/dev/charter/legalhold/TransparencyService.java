package dev.charter.legalhold;

import dev.charter.audit.AuditLog;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** The transparency report of a quarter: counts only, nothing about any user. Reading it is audited. */
@ApplicationScoped
public class TransparencyService {

    private final GovernmentRequestRepository requests;
    private final LegalHoldRepository holds;
    private final AuditLog audit;

    TransparencyService(GovernmentRequestRepository requests, LegalHoldRepository holds, AuditLog audit) {
        this.requests = requests;
        this.holds = holds;
        this.audit = audit;
    }

    public Uni<TransparencyReport> report(String officer, String quarter) {
        TransparencyReport.Quarter q = TransparencyReport.Quarter.parse(quarter);
        return Panache.withTransaction(() -> requests.counts(q.from(), q.to())
                .chain(rows -> holds.createdPerScope(q.from(), q.to()).map(placed -> {
                    var counts = rows.stream()
                            .map(row -> new TransparencyReport.Count(
                                    (String) row[0], (String) row[1], (String) row[2], ((Number) row[3]).longValue()))
                            .toList();
                    Map<String, Long> byScope = new LinkedHashMap<>();
                    byScope.put(LegalHold.USER, 0L);
                    byScope.put(LegalHold.CONVERSATION, 0L);
                    placed.forEach(row -> byScope.put((String) row[0], ((Number) row[1]).longValue()));
                    return new TransparencyReport(
                            q.name(),
                            q.from().toString(),
                            q.to().toString(),
                            counts.stream()
                                    .mapToLong(TransparencyReport.Count::count)
                                    .sum(),
                            counts,
                            byScope);
                }))
                .call(report -> Panache.getSession()
                        .chain(session -> audit.record(
                                session, officer, "transparency_report.read", null, Map.of("quarter", q.name())))));
    }
}
