package dev.charter.common;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** RFC 9457 problem details with the contract's {@code code}, plus optional extension members. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String code,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @JsonAnyGetter
    public Map<String, Object> any() {
        return extensions;
    }

    public static Problem of(int status, String code, String detail, Map<String, Object> extensions) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : (status == 421 ? "Misdirected Request" : "Error");
        return new Problem("about:blank", title, status, detail, code, extensions == null ? Map.of() : extensions);
    }

    public Response toResponse() {
        Response.ResponseBuilder builder =
                Response.status(status).type(MEDIA_TYPE).entity(this);
        if (status == 429) {
            // A problem may say how long to wait (extension "retryAfter", seconds); one second otherwise.
            Object wait = extensions.get("retryAfter");
            builder.header("Retry-After", wait instanceof Number seconds ? String.valueOf(seconds.longValue()) : "1");
        }
        return builder.build();
    }
}
