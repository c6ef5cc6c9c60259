package dev.charter.messaging.ws;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.UserService;
import dev.charter.identity.UserStatus;
import dev.charter.jurisdiction.ResidencyGate;
import dev.charter.messaging.write.WriterBacklog;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.WebServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refusals before the WebSocket upgrade, so a refused client never gets a socket: 403 for a browser
 * origin not on the allow-list, 401 without a valid token, 421 for a country this region does not serve
 * (nothing about that user is stored), 429 for a user already holding the most connections allowed,
 * 503 while the instance shuts down.
 * Admitted users are registered on first contact, and the connection carries who they are.
 */
@ApplicationScoped
public class HandshakeGate implements HttpUpgradeCheck {

    static final UserData.TypedKey<CurrentUser> USER = new UserData.TypedKey<>("charter.user");
    static final UserData.TypedKey<List<String>> MISSING_CONSENTS = new UserData.TypedKey<>("charter.missingConsents");

    private static final Map<String, List<String>> RETRY_LATER = Map.of("Retry-After", List.of("5"));

    private final ResidencyGate residency;
    private final UserService users;
    private final RequiredConsents consents;
    private final ConnectionRegistry connections;
    private final WsConfig config;
    private final GoingAway goingAway;

    HandshakeGate(
            ResidencyGate residency,
            UserService users,
            RequiredConsents consents,
            ConnectionRegistry connections,
            WsConfig config,
            GoingAway goingAway) {
        this.goingAway = goingAway;
        this.residency = residency;
        this.users = users;
        this.consents = consents;
        this.connections = connections;
        this.config = config;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (goingAway.draining()) {
            return CheckResult.rejectUpgrade(503, RETRY_LATER);
        }
        if (!originAllowed(context.httpRequest().getHeader("Origin"))) {
            return CheckResult.rejectUpgrade(403);
        }
        return context.securityIdentity()
                .onItem()
                .transformToUni(identity -> admit(identity, context))
                .onFailure(AuthenticationFailedException.class)
                .recoverWithUni(() -> refusedToken(context));
    }

    /**
     * A token that fails verification: Quarkus's authentication failure handler has already answered
     * 401 (with {@code WWW-Authenticate}) by the time the failure reaches this check. Failing the check
     * too would send the request through the REST failure handler, which tries to write a second response
     * ("Response has already been written", an ERROR per refused handshake); a check result would try to
     * set the status again. So the check ends without a result; nothing else holds on to it.
     */
    private static Uni<CheckResult> refusedToken(HttpUpgradeContext context) {
        if (context.httpRequest().response().headWritten()) {
            return Uni.createFrom().nothing();
        }
        return CheckResult.rejectUpgrade(401);
    }

    /**
     * The connection knows its user from {@link #USER}. Left on the upgrade request, the HTTP identity would make
     * WebSockets Next keep that request (routing context, headers, the token and its parsed claims, the
     * authentication pipeline) for the whole life of the socket, and it copies the request headers, token
     * included, into the connection: several KB per idle connection, and a bearer token in memory for hours.
     * So the socket's callbacks have no {@code SecurityIdentity} (nor {@code @RolesAllowed}); they use {@link #USER}.
     */
    private static void forgetHttpIdentity(HttpUpgradeContext context) {
        context.httpRequest().headers().remove(HttpHeaders.AUTHORIZATION);
        if (context.httpRequest() instanceof WebServerRequest request) {
            request.routingContext().clearUser();
            request.routingContext().remove(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        }
    }

    private boolean originAllowed(String origin) {
        List<String> allowed = config.allowedOrigins().orElse(List.of());
        return origin == null || allowed.isEmpty() || allowed.contains(origin);
    }

    private Uni<CheckResult> admit(SecurityIdentity identity, HttpUpgradeContext context) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return CheckResult.rejectUpgrade(401);
        }
        CurrentUser user = CurrentUser.fromToken(jwt);
        if (user == null) {
            return CheckResult.rejectUpgrade(401);
        }
        if (!residency.serves(user.country())) {
            residency.refusal(user.country());
            return CheckResult.rejectUpgrade(421);
        }
        // Counted per instance and without a reservation: handshakes racing each other can overshoot
        // by the few in flight, which bounds abuse just as well.
        if (connections.of(user.id()).size() >= config.maxConnectionsPerUser()) {
            return CheckResult.rejectUpgrade(429, RETRY_LATER);
        }
        if (user.guardianIsSelf()) {
            return CheckResult.rejectUpgrade(403);
        }
        context.userData().put(USER, user);
        return users.register(user)
                .flatMap(status -> status == UserStatus.ERASED
                        ? Uni.createFrom().item((List<String>) null)
                        : consents.missing(user.id()))
                .flatMap(missing -> {
                    if (missing == null) {
                        return CheckResult.rejectUpgrade(403);
                    }
                    context.userData().put(MISSING_CONSENTS, missing);
                    forgetHttpIdentity(context);
                    io.netty.channel.Channel channel = FlushCoalescing.install(context.httpRequest());
                    if (channel != null) {
                        context.userData().put(WriterBacklog.CHANNEL, channel);
                    }
                    return CheckResult.permitUpgrade();
                });
    }
}
