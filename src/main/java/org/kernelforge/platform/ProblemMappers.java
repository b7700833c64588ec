package org.kernelforge.platform;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

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
        if (ServiceOutages.of(e).isPresent()) {
            return unexpected(e); // the credentials could not be checked: not the caller's fault
        }
        String detail = e.getMessage() == null || e.getMessage().isBlank()
                ? "Sign in, or send an API key as HTTP Basic username:key" : e.getMessage();
        return respond(Problem.of(401, "Unauthorized", detail, null));
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "You are not allowed to do this", null));
    }

    /** Bean Validation on a request record: from a resource's {@code @Valid} parameter or a service method. */
    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = Violations.errors(e);
        String field = errors.isEmpty() ? null : errors.get(0).field();
        return respond(new Problem("about:blank", "Invalid request", 400, Violations.detail(errors), field, errors));
    }

    /** Quarkus REST has its own mapper for a resource parameter's violations; this one answers in the same shape. */
    @ServerExceptionMapper
    public Response parameterValidation(ResteasyReactiveViolationException e) {
        boolean ofTheAnswer = e.getConstraintViolations().stream().anyMatch(v -> StreamSupport
                .stream(v.getPropertyPath().spliterator(), false).anyMatch(n -> n.getKind() == ElementKind.RETURN_VALUE));
        if (ofTheAnswer) {
            return unexpected(e);
        }
        return validation(e);
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
        return e instanceof MismatchedInputException m ? wrongJsonType(m) : respond(JsonProblems.unreadable(e));
    }

    /** More specific than Quarkus REST's own mapper, which answers a wrong JSON type with an empty 400. */
    @ServerExceptionMapper
    public Response wrongJsonType(MismatchedInputException e) {
        return respond(JsonProblems.wrongType(e));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return respond(JsonProblems.unreadable(e));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        Optional<Problem> race = UniqueViolations.problem(e);
        if (race.isPresent()) {
            return respond(race.get());
        }
        Optional<Problem> outage = ServiceOutages.of(e);
        if (outage.isPresent()) {
            LOG.warnf("Answered 503: %s", e.getMessage());
            Response response = respond(outage.get());
            response.getHeaders().putSingle("Retry-After", String.valueOf(ServiceOutages.RETRY_AFTER_SECONDS));
            return response;
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, incident %s", incident);
        return respond(Problem.of(500, "Internal server error",
                "Something went wrong on the server; report incident " + incident + " to the administrators", null));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
