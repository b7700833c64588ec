package org.kernelforge.environments;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.web.Csrf;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * The environments' pages: the list, and an environment with its versions, the package list of one (searchable), its
 * build log (live while it builds) and, for admins, the button that builds the next version with what it will cost.
 */
@Path("/environments")
@Produces(MediaType.TEXT_HTML)
public class EnvironmentPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<EnvironmentViews.Summary> environments);

        static native TemplateInstance environment(EnvironmentViews.Detail environment, EnvironmentViews.VersionView shown,
                                                   List<PackageList.Entry> packages, String query, AptOutput.Progress progress,
                                                   EnvironmentReads.Estimate estimate, boolean admin);
    }

    private final EnvironmentReads reads;
    private final EnvironmentService service;
    private final EnvironmentBuilder builder;
    private final CurrentUser current;
    private final Csrf csrf;
    private final HttpServerRequest request;

    public EnvironmentPage(EnvironmentReads reads, EnvironmentService service, EnvironmentBuilder builder, CurrentUser current,
                           Csrf csrf, HttpServerRequest request) {
        this.reads = reads;
        this.service = service;
        this.builder = builder;
        this.current = current;
        this.csrf = csrf;
        this.request = request;
    }

    @GET
    public TemplateInstance list() {
        return Templates.list(reads.list());
    }

    @GET
    @Path("/{name}")
    public TemplateInstance environment(@PathParam("name") String name, @RestQuery String q) {
        EnvironmentViews.Detail detail = reads.detail(name);
        return show(detail, detail.versions().isEmpty() ? null : reads.version(name, String.valueOf(detail.versions().get(0).version())), q);
    }

    @GET
    @Path("/{name}/versions/{n}")
    public TemplateInstance version(@PathParam("name") String name, @PathParam("n") String n, @RestQuery String q) {
        return show(reads.detail(name), reads.version(name, n), q);
    }

    /** "Build" / "Rebuild": a new version with the recipe in the form (one package a line, or spaces between). */
    @POST
    @Path("/{name}/build")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response build(@PathParam("name") String name, @FormParam("packages") String packages, @FormParam("csrf") String token) {
        csrf.verify(request, token);
        List<String> recipe = packages == null ? null
                : Arrays.stream(packages.split("[\\s,]+")).filter(p -> !p.isBlank()).toList();
        EnvironmentVersion v = service.newVersion(name, new EnvironmentRequests.NewVersion(recipe));
        builder.submit(v.id);
        return Response.seeOther(URI.create("/environments/" + name + "/versions/" + v.number)).build();
    }

    private TemplateInstance show(EnvironmentViews.Detail detail, EnvironmentViews.VersionView shown, String q) {
        PackageList packages = new PackageList(shown == null ? List.of() : shown.packages());
        AptOutput.Progress progress = AptOutput.progress(shown == null || shown.buildLog() == null ? "" : shown.buildLog());
        return Templates.environment(detail, shown, packages.matching(q), q == null ? "" : q, progress,
                reads.estimate(detail.name()).orElse(null), current.isAdmin());
    }
}
