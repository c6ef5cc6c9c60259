package dev.charter.privacy;

import dev.charter.identity.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Honours {@code Sec-GPC: 1} on authenticated REST requests, after the caller was admitted and rate-limited and
 * before the request itself runs, so the request already sees the opt-out.
 */
@Singleton
public class GlobalPrivacyControlFilter {

    // Filters are built at static init, before runtime configuration exists: both are client proxies.
    private final GlobalPrivacyControl gpc;
    private final Caller caller;

    GlobalPrivacyControlFilter(GlobalPrivacyControl gpc, Caller caller) {
        this.gpc = gpc;
        this.caller = caller;
    }

    @ServerRequestFilter(priority = Priorities.USER + 20)
    public Uni<Void> honour(ContainerRequestContext request) {
        if (!GlobalPrivacyControl.signalled(request.getHeaderString(GlobalPrivacyControl.HEADER))) {
            return Uni.createFrom().voidItem();
        }
        return caller.ifAdmitted()
                .map(gpc::honour)
                .orElseGet(() -> Uni.createFrom().voidItem());
    }
}
