package org.kernelforge.sessions;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.kernelforge.platform.Problem;

/** A problem+json answer for a session over the caller's limit, naming the running one so the editor can stop it. */
public class SessionProblems {

    /** RFC 9457 problem details with the running kernel as an extension member. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LimitProblem(String type, String title, int status, String detail, KernelModel running) {
    }

    @ServerExceptionMapper
    public Response limitReached(SessionLimitReached e) {
        return Response.status(409).type(Problem.MEDIA_TYPE)
                .entity(new LimitProblem("about:blank", "Conflict", 409, e.getMessage(), e.running())).build();
    }
}
