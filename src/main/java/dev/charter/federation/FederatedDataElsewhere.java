package dev.charter.federation;

import dev.charter.privacy.DataElsewhere;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The transfer register and the peers' erasure receipts, as the privacy feature shows them to users and officers. */
@ApplicationScoped
public class FederatedDataElsewhere implements DataElsewhere {

    private final TransferRegister register;
    private final RemoteErasures erasures;

    FederatedDataElsewhere(TransferRegister register, RemoteErasures erasures) {
        this.register = register;
        this.erasures = erasures;
    }

    @Override
    public Uni<List<Map<String, Object>>> transfersOf(String user) {
        return register.routesOf(user)
                .map(routes -> routes.stream()
                        .map(route -> {
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put("fromJurisdiction", route.fromJurisdiction());
                            entry.put("toRegion", route.toRegion());
                            entry.put("mechanism", route.mechanism());
                            entry.put("source", route.source());
                            entry.put("messages", route.messages());
                            entry.put("firstAt", route.firstAt().toString());
                            entry.put("lastAt", route.lastAt().toString());
                            return entry;
                        })
                        .toList());
    }

    @Override
    public Uni<List<Map<String, Object>>> erasureReceipts(String user) {
        return erasures.statusOf(user)
                .map(statuses -> statuses.stream()
                        .map(status -> {
                            Map<String, Object> entry;
                            if (status.receipt() == null) {
                                entry = new LinkedHashMap<>();
                                entry.put("region", status.region());
                                entry.put("pending", true);
                            } else {
                                entry = new LinkedHashMap<>(status.receipt().getMap());
                            }
                            return entry;
                        })
                        .toList());
    }
}
