package org.kernelforge.kaggle;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.kernelforge.platform.Problem;

import java.util.stream.Collectors;

/**
 * Answers errors on Kaggle's endpoints in Kaggle's shape instead of problem+json: the client shows the message only
 * from {@code application/json} with {@code {"code", "message"}}. The problems themselves still come from the
 * features' own rules and the platform's mappers.
 */
public class KaggleErrors {

    static final String PREFIX = "/api/v1/";

    @ServerResponseFilter
    public void kaggleShape(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem && request.getUriInfo().getPath().startsWith(PREFIX)) {
            response.setEntity(new KaggleError(problem.status(), message(problem)), null, MediaType.APPLICATION_JSON_TYPE);
        }
    }

    /** The detail, and each field's message when there are several (validation). */
    static String message(Problem problem) {
        if (problem.errors() == null || problem.errors().size() < 2) {
            return problem.detail();
        }
        return problem.errors().stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }
}
