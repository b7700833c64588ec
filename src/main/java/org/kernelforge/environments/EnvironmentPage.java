package org.kernelforge.environments;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.BeanParam;
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
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.Violations;
import org.kernelforge.web.Csrf;
import org.kernelforge.web.FormErrors;

import java.net.URI;
import java.util.List;

/**
 * The environments' pages: the list with the new-environment form (admins, and organizers for their competitions), and
 * an environment with its versions, the package list of one (searchable), its build log (live while it builds) and,
 * for those who may build it, the form that builds the next version with what it will cost.
 */
@Path("/environments")
@Produces(MediaType.TEXT_HTML)
public class EnvironmentPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<EnvironmentViews.Summary> environments, boolean mayCreate, boolean admin,
                                            List<CompetitionOrganizers.OrganizedCompetition> competitions, EnvironmentForm form,
                                            FormErrors errors);

        static native TemplateInstance environment(EnvironmentViews.Detail environment, EnvironmentViews.VersionView shown,
                                                   List<PackageList.Entry> packages, String query, AptOutput.Progress progress,
                                                   EnvironmentReads.Estimate estimate, boolean mayBuild, String recipe,
                                                   FormErrors errors);
    }

    private final EnvironmentReads reads;
    private final EnvironmentService service;
    private final EnvironmentBuilder builder;
    private final Csrf csrf;
    private final HttpServerRequest request;

    public EnvironmentPage(EnvironmentReads reads, EnvironmentService service, EnvironmentBuilder builder, Csrf csrf,
                           HttpServerRequest request) {
        this.reads = reads;
        this.service = service;
        this.builder = builder;
        this.csrf = csrf;
        this.request = request;
    }

    /** The list; {@code competition} preselects the competition of the new-environment form (its organizers' link). */
    @GET
    public TemplateInstance list(@RestQuery String competition) {
        return listPage(EnvironmentForm.blank(competition), FormErrors.none());
    }

    /** "Create and build": the environment, then its version 1 at once; the browser goes to that build's live log. */
    @POST
    @Path("/new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@BeanParam EnvironmentForm form) {
        csrf.verify(request, form.csrf);
        try {
            Environment env = service.create(form.toRequest());
            EnvironmentVersion v = service.newVersion(env.name, new EnvironmentRequests.NewVersion(null));
            builder.submit(v.id);
            return Response.seeOther(URI.create("/environments/" + env.name + "/versions/" + v.number)).build();
        } catch (ProblemException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw e;
            }
            return Response.status(e.status()).entity(listPage(form, FormErrors.of(e, "_form"))).build();
        } catch (ConstraintViolationException e) {
            return Response.status(400).entity(listPage(form, FormErrors.of(Violations.problem(e), "_form"))).build();
        }
    }

    @GET
    @Path("/{name}")
    public TemplateInstance environment(@PathParam("name") String name, @RestQuery String q) {
        EnvironmentViews.Detail detail = reads.detail(name);
        return show(detail, newest(detail), q, null, FormErrors.none());
    }

    @GET
    @Path("/{name}/versions/{n}")
    public TemplateInstance version(@PathParam("name") String name, @PathParam("n") String n, @RestQuery String q) {
        return show(reads.detail(name), reads.version(name, n), q, null, FormErrors.none());
    }

    /**
     * "Build" / "Rebuild with these packages": a new version with the recipe in the form (one package a line, or spaces
     * between); "from scratch" installs even when the build cache has an image of that recipe.
     */
    @POST
    @Path("/{name}/build")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response build(@PathParam("name") String name, @FormParam("packages") String packages,
                          @FormParam("fromScratch") String fromScratch, @FormParam("csrf") String token) {
        csrf.verify(request, token);
        List<String> recipe = packages == null ? null : EnvironmentForm.packageList(packages);
        try {
            EnvironmentVersion v = service.newVersion(name, new EnvironmentRequests.NewVersion(recipe, fromScratch != null));
            builder.submit(v.id);
            return Response.seeOther(URI.create("/environments/" + name + "/versions/" + v.number)).build();
        } catch (ProblemException e) {
            if (e.status() == 401 || e.status() == 403 || e.status() == 404) {
                throw e;
            }
            EnvironmentViews.Detail detail = reads.detail(name);
            return Response.status(e.status()).entity(show(detail, newest(detail), null, packages, FormErrors.of(e, "packages")))
                    .build();
        }
    }

    private TemplateInstance listPage(EnvironmentForm form, FormErrors errors) {
        return Templates.list(reads.list(), service.mayCreate(), service.isAdmin(), service.competitionsOfCaller(), form, errors);
    }

    private EnvironmentViews.VersionView newest(EnvironmentViews.Detail detail) {
        return detail.versions().isEmpty() ? null : reads.version(detail.name(), String.valueOf(detail.versions().get(0).version()));
    }

    private TemplateInstance show(EnvironmentViews.Detail detail, EnvironmentViews.VersionView shown, String q, String typed,
                                  FormErrors errors) {
        PackageList packages = new PackageList(shown == null ? List.of() : shown.packages());
        AptOutput.Progress progress = AptOutput.progress(shown == null || shown.buildLog() == null ? "" : shown.buildLog());
        boolean mayBuild = service.mayBuild(detail.name());
        String recipe = typed != null ? typed : String.join("\n", detail.recipe()) + (detail.recipe().isEmpty() ? "" : "\n");
        return Templates.environment(detail, shown, packages.matching(q), q == null ? "" : q, progress,
                mayBuild ? reads.estimate(detail.name()).orElse(null) : null, mayBuild, recipe, errors);
    }
}
