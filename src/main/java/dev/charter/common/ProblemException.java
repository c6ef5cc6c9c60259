package dev.charter.common;

import java.util.Map;

/**
 * An error at the edge with a contract {@code code}. REST maps it to problem+json, the WebSocket to an
 * {@code error} frame. Carries no personal data in its message: the detail is shown to the caller only.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public ProblemException(int status, String code, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.extensions = extensions;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, ErrorCodes.INVALID_REQUEST, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, ErrorCodes.NOT_FOUND, detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, ErrorCodes.FORBIDDEN, detail);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, ErrorCodes.UNPROCESSABLE, detail);
    }
}
