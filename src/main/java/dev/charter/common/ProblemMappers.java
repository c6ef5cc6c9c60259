package dev.charter.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every REST error leaves as application/problem+json with a contract code. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return Problem.of(e.status(), e.code(), e.detail(), e.extensions()).toResponse();
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(RuntimeException e) {
        return Problem.of(401, ErrorCodes.UNAUTHORIZED, "A valid bearer token is required.", Map.of())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, ErrorCodes.FORBIDDEN, "Your roles do not allow this.", Map.of())
                .toResponse();
    }

    /**
     * Well-formed JSON of the wrong shape ({@code {"kind":{}}}, a string where a list belongs): the same answer as
     * unreadable JSON. Ahead of Quarkus's own mapper for this exception, which answers without a problem document.
     */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response wrongShape(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return Problem.of(
                        400,
                        ErrorCodes.INVALID_REQUEST,
                        "The request body is not valid JSON for this endpoint.",
                        Map.of())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 400 -> ErrorCodes.INVALID_REQUEST;
            case 401 -> ErrorCodes.UNAUTHORIZED;
            case 403 -> ErrorCodes.FORBIDDEN;
            case 404 -> ErrorCodes.NOT_FOUND;
            case 409 -> ErrorCodes.CONFLICT;
            case 413 -> ErrorCodes.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCodes.INVALID_REQUEST;
            case 422 -> ErrorCodes.UNPROCESSABLE;
            case 429 -> ErrorCodes.RATE_LIMITED;
            default -> status >= 500 ? ErrorCodes.INTERNAL : ErrorCodes.INVALID_REQUEST;
        };
        String detail = status >= 500 ? "Internal error." : e.getMessage();
        return Problem.of(status, code, detail, Map.of()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        // The exception class only: messages may carry user data.
        LOG.errorf(
                "unhandled %s at %s",
                e.getClass().getName(), e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
        return Problem.of(500, ErrorCodes.INTERNAL, "Internal error.", Map.of()).toResponse();
    }
}
