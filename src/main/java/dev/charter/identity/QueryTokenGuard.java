package dev.charter.identity;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses any request that carries a token in its query string, even alongside a valid header:
 * query strings end up in access logs, proxies and browser history, so such a token must be treated
 * as leaked rather than used. Runs before authentication, for REST and the WebSocket handshake alike.
 */
@ApplicationScoped
public class QueryTokenGuard {

    private static final String[] TOKEN_PARAMS = {"access_token", "token", "jwt"};
    private static final String BODY = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"Tokens are not accepted in the query string; use the Authorization header.\","
            + "\"code\":\"unauthorized\"}";

    void install(@Observes Router router) {
        router.route().order(-1000).handler(this::refuseTokensInQuery);
    }

    void refuseTokensInQuery(RoutingContext rc) {
        String query = rc.request().query();
        if (query != null && !query.isEmpty() && carriesToken(rc.queryParams())) {
            rc.response()
                    .setStatusCode(401)
                    .putHeader("Content-Type", "application/problem+json")
                    .putHeader("WWW-Authenticate", "Bearer")
                    .end(BODY);
            return;
        }
        rc.next();
    }

    private static boolean carriesToken(MultiMap params) {
        for (String name : TOKEN_PARAMS) {
            for (String present : params.names()) {
                if (present.equalsIgnoreCase(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
