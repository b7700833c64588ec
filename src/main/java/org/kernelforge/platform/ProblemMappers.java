package org.kernelforge.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Turns every error into application/problem+json; never a stack trace or a class name. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = respond(Problem.of(e.status(), e.title(), e.getMessage(), e.field()));
        if (e.retryAfterSeconds() != null) {
            response.getHeaders().putSingle("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return response;
    }

    @ServerExceptionMapper
    public Response unauthenticated(io.quarkus.security.AuthenticationFailedException e) {
        String detail = e.getMessage() == null || e.getMessage().isBlank()
                ? "Sign in, or send an API key as HTTP Basic username:key" : e.getMessage();
        return respond(Problem.of(401, "Unauthorized", detail, null));
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "You are not allowed to do this", null));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).reduce((a, b) -> a + "; " + b)
                .orElse("The request is invalid");
        String field = errors.isEmpty() ? null : errors.get(0).field();
        return respond(new Problem("about:blank", "Invalid request", 400, detail, field, errors));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String detail = switch (status) {
            case 401 -> "Sign in, or send an API key as HTTP Basic username:key";
            case 403 -> "You are not allowed to do this";
            case 404 -> "Nothing exists at this address";
            case 405 -> "This address does not accept that HTTP method";
            case 406 -> "This address cannot answer in the requested media type";
            case 413 -> "The request body is larger than this server accepts";
            case 415 -> "This address does not accept that content type";
            default -> "The request could not be processed: " + Response.Status.fromStatusCode(status);
        };
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        if (status == 400 && e.getMessage() != null && !e.getMessage().startsWith("HTTP 400")) {
            detail = "The request could not be read: " + e.getMessage();
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        return respond(Problem.of(status, type == null ? "Error" : type.getReasonPhrase(), detail, null));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        String field = e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                ? m.getPath().get(m.getPath().size() - 1).getFieldName() : null;
        String detail = field == null
                ? "The request could not be read: the body is not the JSON this address expects" + where
                : "The request could not be read: field '" + field + "' has the wrong type" + where;
        return respond(Problem.of(400, "Invalid request", detail, field));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, incident %s", incident);
        return respond(Problem.of(500, "Internal server error",
                "Something went wrong on the server; report incident " + incident + " to the administrators", null));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String fieldName(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // method.arg.field -> field: users should see the JSON field they sent
        int dot = path.lastIndexOf('.');
        return dot >= 0 ? path.substring(dot + 1) : path;
    }
}
