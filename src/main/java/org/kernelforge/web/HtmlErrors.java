package org.kernelforge.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.ProblemMappers;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Errors on pages answer as pages: "not found" with 404 (for what does not exist and for what the caller may not
 * see alike), a sign-in redirect for 401, a page with the message otherwise. The API keeps problem+json.
 */
public class HtmlErrors {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String title, String detail);
    }

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper(priority = 4000)
    public Response problem(ProblemException e, HttpServerRequest request) {
        if (!isPage(request)) {
            return problems.problem(e);
        }
        if (e.status() == 401 && "GET".equals(request.method().name())) {
            return Response.seeOther(URI.create("/signin?next=" + URLEncoder.encode(request.uri(), StandardCharsets.UTF_8))).build();
        }
        return page(e.status(), e.status() == 404 ? "Not found" : e.title(), e.getMessage());
    }

    @ServerExceptionMapper(priority = 4000)
    public Response notFound(NotFoundException e, HttpServerRequest request) {
        if (!isPage(request)) {
            return problems.web(e);
        }
        return page(404, "Not found", "Nothing exists at this address.");
    }

    static Response page(int status, String title, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, title, detail)).build();
    }

    private static boolean isPage(HttpServerRequest request) {
        String path = request.path();
        return !path.startsWith("/api/") && !path.startsWith("/q/") && !path.startsWith("/auth/") && !path.startsWith("/jupyter/");
    }
}
