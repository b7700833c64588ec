package org.kernelforge.platform;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response.Status;

/**
 * An error a person can act on. Rendered as application/problem+json by {@link ProblemMappers}.
 * {@code field} names the request field at fault, when there is one.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final String field;
    private Long retryAfterSeconds;

    public ProblemException(int status, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    public static ProblemException badRequest(String field, String detail) {
        return new ProblemException(Status.BAD_REQUEST.getStatusCode(), "Invalid request", detail, field);
    }

    /** A JSON value of the wrong type (a parsed part, a JSON node read later): its field and the type it needs. */
    public static ProblemException wrongJsonType(MismatchedInputException e) {
        Problem problem = JsonProblems.wrongType(e);
        return new ProblemException(problem.status(), problem.title(), problem.detail(), problem.field());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Status.NOT_FOUND.getStatusCode(), "Not found", detail, null);
    }

    public static ProblemException conflict(String field, String detail) {
        return new ProblemException(Status.CONFLICT.getStatusCode(), "Conflict", detail, field);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Status.FORBIDDEN.getStatusCode(), "Forbidden", detail, null);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(Status.UNAUTHORIZED.getStatusCode(), "Unauthorized", detail, null);
    }

    public static ProblemException tooLarge(String field, String detail) {
        return new ProblemException(413, "Payload too large", detail, field);
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(415, "Unsupported media type", detail, null);
    }

    /** 429: a limit is used up until {@code resetsAt}; sent with a Retry-After header. */
    public static ProblemException tooManyRequests(String field, String detail, long retryAfterSeconds) {
        ProblemException e = new ProblemException(429, "Too many requests", detail, field);
        e.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        return e;
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "Service unavailable", detail, null);
    }

    /** 503: the server is too busy for this request now; sent with a Retry-After header. */
    public static ProblemException unavailable(String detail, long retryAfterSeconds) {
        ProblemException e = unavailable(detail);
        e.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        return e;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }

    /** Seconds after which the same request may succeed, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
