package dev.charter.federation;

import dev.charter.audit.AuditLog;
import dev.charter.common.Transactions;
import dev.charter.jurisdiction.TransferDecision;
import dev.charter.jurisdiction.TransferPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Records what left this region for another: per user and route, under the mechanism the law offers for it as
 * things stand. A route's first use is audited. A route no mechanism covers any more (the operator withdrew a
 * declaration while conversations were running) is recorded as {@code uncovered}, for the privacy officer to act on.
 */
@ApplicationScoped
public class TransferRegister {

    static final String UNCOVERED = "uncovered";
    private static final Logger LOG = Logger.getLogger(TransferRegister.class);

    private final TransferPolicy policy;
    private final TransferRegisterRepository repository;
    private final Transactions transactions;
    private final AuditLog audit;

    TransferRegister(
            TransferPolicy policy, TransferRegisterRepository repository, Transactions transactions, AuditLog audit) {
        this.policy = policy;
        this.repository = repository;
        this.transactions = transactions;
        this.audit = audit;
    }

    /** What of one user went to the region: their messages (0: their id alone, as a member). */
    public record Sent(String jurisdiction, long messages) {}

    /** Records that the data of these users went to {@code toRegion}. Never fails the caller's work. */
    public Uni<Void> record(String toRegion, Map<String, Sent> byUser) {
        List<TransferRegisterRepository.Use> uses = new ArrayList<>();
        byUser.forEach((user, sent) -> {
            if (sent.jurisdiction() == null) {
                return;
            }
            TransferDecision decision = policy.decide(sent.jurisdiction(), toRegion);
            switch (decision) {
                case TransferDecision.NoTransfer none -> {}
                case TransferDecision.Permitted permitted ->
                    uses.add(new TransferRegisterRepository.Use(
                            user,
                            sent.jurisdiction(),
                            toRegion,
                            permitted.mechanism(),
                            permitted.source(),
                            sent.messages()));
                case TransferDecision.Refused refused ->
                    uses.add(new TransferRegisterRepository.Use(
                            user, sent.jurisdiction(), toRegion, UNCOVERED, refused.reason(), sent.messages()));
            }
        });
        if (uses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return transactions
                .inTransaction(conn -> repository.record(conn, uses).flatMap(first -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (TransferRegisterRepository.Route route : first) {
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("fromJurisdiction", route.fromJurisdiction());
                        details.put("toRegion", route.toRegion());
                        details.put("mechanism", route.mechanism());
                        details.put("source", route.source());
                        chain = chain.flatMap(ignored -> audit.record(
                                conn,
                                AuditLog.SYSTEM,
                                "transfer.route_first_used",
                                "route:" + route.fromJurisdiction() + ">" + route.toRegion(),
                                details));
                    }
                    return chain;
                }))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf(
                            "transfer register not updated: %s",
                            failure.getClass().getSimpleName());
                    return null;
                });
    }

    public Uni<List<TransferRegisterRepository.Route>> routes() {
        return repository.routes();
    }

    public Uni<List<TransferRegisterRepository.Route>> routesOf(String user) {
        return repository.routesOf(user);
    }
}
