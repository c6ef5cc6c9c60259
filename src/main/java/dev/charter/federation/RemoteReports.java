package dev.charter.federation;

import dev.charter.audit.AuditLog;
import dev.charter.moderation.ReportsElsewhere;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Hands reports on messages hosted elsewhere to the host region (which has the message and decides), every 2 s
 * until the host has each; a decision there (a removal, say) reaches this region with the conversation's events.
 * Each hand-over is audited here; the host audits what it received.
 */
@ApplicationScoped
public class RemoteReports implements ReportsElsewhere {

    private static final long EVERY_MILLIS = 2_000;

    private final Peers peers;
    private final RemoteReportRepository queue;
    private final AuditLog audit;
    private final Vertx vertx;
    private final RetryRounds<RemoteReportRepository.Pending> rounds;

    RemoteReports(Peers peers, RemoteReportRepository queue, AuditLog audit, Vertx vertx) {
        this.peers = peers;
        this.queue = queue;
        this.audit = audit;
        this.vertx = vertx;
        this.rounds = new RetryRounds<>("reports to host regions", queue::pending, this::deliver);
    }

    void start(@Observes StartupEvent event) {
        if (peers.enabled()) {
            rounds.start(vertx, EVERY_MILLIS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        rounds.stop(vertx);
    }

    @Override
    public Uni<Void> forward(String hostRegion, ForwardedReport report) {
        return queue.queue(report.id(), hostRegion, JsonObject.mapFrom(report)).invoke(rounds::now);
    }

    private Uni<Void> deliver(RemoteReportRepository.Pending pending) {
        if (!peers.isPeer(pending.region())) {
            return Uni.createFrom().voidItem();
        }
        ForwardedReport report = pending.body().mapTo(ForwardedReport.class);
        return peers.call(pending.region(), "POST", "/v1/federation/reports", report)
                .flatMap(response -> {
                    if (response.statusCode() != 204 && response.statusCode() != 200) {
                        return queue.failed(pending.report(), pending.region());
                    }
                    return queue.forwarded(pending.report(), pending.region())
                            .call(() -> audit.record(
                                    AuditLog.SYSTEM,
                                    "report.forwarded",
                                    report.reporter(),
                                    Map.of("report", report.id().toString(), "region", pending.region())));
                })
                .onFailure()
                .recoverWithUni(failure -> queue.failed(pending.report(), pending.region()));
    }
}
