package dev.charter.attachment;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gives attachment uploads their own body limit ({@code charter.attachments.max-bytes}) instead of the REST-wide
 * {@code quarkus.http.limits.max-body-size}. A declared length over the limit is refused at once; otherwise the
 * length moves from the header into the request's context (Quarkus's limit check reads the header), and the
 * streaming reader is told the attachment limit, with room for {@link AttachmentService} to notice the excess
 * itself and answer with a problem.
 */
@ApplicationScoped
public class UploadBodyLimit {

    static final String DECLARED_LENGTH = "charter.attachment.declared-length";
    private static final String PATH = "/v1/conversations/[^/]+/attachments/?";
    /** Quarkus's upload limit runs at order -2 (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT). */
    private static final int BEFORE_QUARKUS_LIMIT = -3;

    private static final int AFTER_QUARKUS_LIMIT = -1;
    private static final String QUARKUS_LIMIT_KEY = "io.quarkus.max-request-size";

    private final AttachmentConfig config;

    UploadBodyLimit(AttachmentConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        router.routeWithRegex(HttpMethod.POST, PATH).order(BEFORE_QUARKUS_LIMIT).handler(this::declared);
        router.routeWithRegex(HttpMethod.POST, PATH).order(AFTER_QUARKUS_LIMIT).handler(this::streaming);
    }

    private void declared(RoutingContext rc) {
        String header = rc.request().getHeader("Content-Length");
        if (header != null) {
            long length;
            try {
                length = Long.parseLong(header.trim());
            } catch (NumberFormatException e) {
                rc.response().setStatusCode(400).end();
                return;
            }
            if (length > config.maxBytes()) {
                rc.response()
                        .setStatusCode(413)
                        .putHeader("Connection", "close")
                        .putHeader("Content-Type", "application/problem+json")
                        .end("{\"type\":\"about:blank\",\"title\":\"Request Entity Too Large\",\"status\":413,"
                                + "\"detail\":\"The file is larger than the limit of " + config.maxBytes()
                                + " bytes.\",\"code\":\"payload_too_large\"}");
                return;
            }
            rc.put(DECLARED_LENGTH, length);
            rc.request().headers().remove("Content-Length");
        }
        rc.next();
    }

    private void streaming(RoutingContext rc) {
        rc.put(QUARKUS_LIMIT_KEY, config.maxBytes() + 2L * ChunkFormat.CHUNK_BYTES);
        rc.next();
    }
}
