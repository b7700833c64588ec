package org.kernelforge.sessions;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.kernelforge.platform.Problem;

import java.util.Set;

/**
 * Refuses a change to kernels (start, stop, interrupt, restart) made with the session cookie from a page of another
 * origin, as Jupyter Server's XSRF check does; the cookie is SameSite=Lax, but another port of the same host is the
 * same site.
 */
class JupyterOriginFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final ServerOrigin origins;

    JupyterOriginFilter(ServerOrigin origins) {
        this.origins = origins;
    }

    @ServerRequestFilter
    Response refuseCrossOriginChanges(ContainerRequestContext context, HttpServerRequest request) {
        if (!request.path().startsWith("/jupyter/") || SAFE.contains(context.getMethod())
                || ServerOrigin.carriesKey(request)) {
            return null;
        }
        String origin = request.getHeader("Origin");
        if (origin == null || origins.isThisServer(origin, request)) {
            return null;
        }
        return Response.status(403).type(Problem.MEDIA_TYPE).entity(Problem.of(403, "Forbidden",
                "A page of " + origin + " may not change your kernels; use this server's own pages, or send an API key",
                null)).build();
    }
}
