package dev.charter.federation;

import dev.charter.audit.AuditLog;
import dev.charter.common.ErrorCodes;
import dev.charter.common.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards every path under {@code /v1/federation/}: only a request a pinned peer region signed, fresh and never
 * seen before, reaches a federation endpoint, with {@link PeerIdentity} set to that region. Anything else is
 * refused with 401 and audited as {@code federation.request_refused} (the claimed region and the reason; never
 * the signature, the nonce or the body). A user's bearer token counts for nothing here.
 */
public class FederationFilter {

    public static final String PREFIX = "/v1/federation/";
    static final String REFUSED = "federation.request_refused";

    @Inject
    PeerVerifier verifier;

    @Inject
    PeerIdentity peer;

    @Inject
    AuditLog audit;

    @PeerSigned
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100, readBody = true)
    public Uni<Response> verify(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        if (path == null || !(path + "/").startsWith(PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        byte[] body;
        try {
            body = readBody(request);
        } catch (IOException e) {
            return refuse(request.getHeaderString(PeerSigner.REGION), "unreadable_body", request.getMethod(), path);
        }
        String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return verifier.verify(request.getMethod(), pathAndQuery, request::getHeaderString, body)
                .flatMap(verdict -> {
                    if (verdict.accepted()) {
                        peer.set(verdict.region());
                        return Uni.createFrom().nullItem();
                    }
                    return refuse(verdict.region(), verdict.refusal().code, request.getMethod(), path);
                });
    }

    private Uni<Response> refuse(String claimedRegion, String reason, String method, String path) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("claimedRegion", printable(claimedRegion));
        details.put("reason", reason);
        details.put("method", method);
        details.put("path", path.length() > 200 ? path.substring(0, 200) : path);
        Response refusal = Problem.of(
                        401,
                        ErrorCodes.UNAUTHORIZED,
                        "Federation requests must be signed by a peer region (docs/federation.md).",
                        Map.of())
                .toResponse();
        return audit.record("peer:" + printable(claimedRegion), REFUSED, null, details)
                .replaceWith(refusal);
    }

    /** The claimed region as sent when it looks like a region name; otherwise a placeholder. */
    private static String printable(String region) {
        if (region == null) {
            return "none";
        }
        return region.matches("[a-z0-9-]{1,64}") ? region : "invalid";
    }

    private static byte[] readBody(ContainerRequestContext request) throws IOException {
        if (!request.hasEntity()) {
            return new byte[0];
        }
        InputStream in = request.getEntityStream();
        byte[] body = in.readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        return body;
    }
}
