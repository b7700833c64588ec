package org.kernelforge.competitions;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.kernelforge.competitions.CompetitionViews.CompetitionSummary;
import org.kernelforge.competitions.scoring.Metric;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.identity.Role;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.Violations;
import org.kernelforge.web.Csrf;
import org.kernelforge.web.FormErrors;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The competition list (active, upcoming, ended, with the caller's standing) and, for organizers, "New competition". */
@Path("/competitions")
@Produces(MediaType.TEXT_HTML)
public class CompetitionListPage {

    /** Metric ids for the settings form's select, custom last. */
    static final List<String> METRICS = Stream.concat(Arrays.stream(Metric.values()).map(Metric::id),
            Stream.of(Competition.CUSTOM_METRIC)).toList();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<CompetitionSummary> active, List<CompetitionSummary> upcoming,
                                            List<CompetitionSummary> preparing, List<CompetitionSummary> ended,
                                            boolean canOrganize);

        static native TemplateInstance create(CompetitionForm form, List<String> metrics, FormErrors errors);
    }

    private final CompetitionReads reads;
    private final CompetitionService service;
    private final CurrentUser current;
    private final Csrf csrf;
    private final HttpServerRequest request;

    public CompetitionListPage(CompetitionReads reads, CompetitionService service, CurrentUser current, Csrf csrf,
                               HttpServerRequest request) {
        this.reads = reads;
        this.service = service;
        this.current = current;
        this.csrf = csrf;
        this.request = request;
    }

    @GET
    public TemplateInstance list() {
        List<CompetitionSummary> all = reads.list();
        return Templates.list(inState(all, "active"), inState(all, "upcoming"), inState(all, "preparing"),
                inState(all, "ended"),
                canOrganize(current.get().orElse(null)));
    }

    @GET
    @Path("/new")
    public TemplateInstance create() {
        current.requireRole(Role.ORGANIZER);
        return Templates.create(CompetitionForm.blank(), METRICS, FormErrors.none());
    }

    @POST
    @Path("/new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@BeanParam CompetitionForm form) {
        csrf.verify(request, form.csrf);
        current.requireRole(Role.ORGANIZER);
        try {
            Competition c = service.create(form.toRequest());
            return Response.seeOther(URI.create("/competitions/" + c.slug + "/edit?notice=created")).build();
        } catch (ProblemException e) {
            return Response.status(e.status()).entity(Templates.create(form, METRICS, FormErrors.of(e, "_form"))).build();
        } catch (ConstraintViolationException e) {
            return Response.status(400).entity(Templates.create(form, METRICS,
                    FormErrors.of(Violations.problem(e), "_form"))).build();
        }
    }

    private static List<CompetitionSummary> inState(List<CompetitionSummary> all, String state) {
        return all.stream().filter(c -> c.state().equals(state)).toList();
    }

    static boolean canOrganize(Account user) {
        return user != null && (user.isAdmin() || user.has(Role.ORGANIZER));
    }
}
