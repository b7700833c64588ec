package org.kernelforge.competitions;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.kernelforge.competitions.CompetitionViews.CompetitionDetail;
import org.kernelforge.competitions.CompetitionViews.SubmissionView;
import org.kernelforge.competitions.TeamViews.TeamView;
import org.kernelforge.datasets.IncomingFile;
import org.kernelforge.datasets.StreamedUploads;
import org.kernelforge.datasets.UploadForm;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.Violations;
import org.kernelforge.web.Csrf;
import org.kernelforge.web.FormErrors;

import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.kernelforge.competitions.ShownOnPage.shownOnPage;

/**
 * The organizers' page of a competition: every setting, the solution and scoring-program uploads, rescoring, and
 * every submission with its errors (organizer-only details included). 403 for competitors, as in the API.
 */
@Path("/competitions")
@Produces(MediaType.TEXT_HTML)
public class OrganizerPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance edit(CompetitionDetail c, CompetitionForm form, List<String> metrics,
                                            FormErrors errors, List<SubmissionView> submissions, String notice,
                                            List<TeamView> teams);
    }

    private final CompetitionQueries queries;
    private final CompetitionReads reads;
    private final CompetitionService service;
    private final SolutionService solutions;
    private final SubmissionReads submissions;
    private final ScoringQueue scoring;
    private final Csrf csrf;
    private final HttpServerRequest request;
    private final StreamedUploads uploads;
    private final Teams teams;
    @Inject
    HiddenData hidden;

    public OrganizerPage(CompetitionQueries queries, CompetitionReads reads, CompetitionService service,
                         SolutionService solutions, SubmissionReads submissions, ScoringQueue scoring, Csrf csrf,
                         HttpServerRequest request, StreamedUploads uploads, Teams teams) {
        this.uploads = uploads;
        this.teams = teams;
        this.queries = queries;
        this.reads = reads;
        this.service = service;
        this.solutions = solutions;
        this.submissions = submissions;
        this.scoring = scoring;
        this.csrf = csrf;
        this.request = request;
    }

    @GET
    @Path("/{slug}/edit")
    public TemplateInstance edit(@PathParam("slug") String slug, @org.jboss.resteasy.reactive.RestQuery String notice) {
        return page(slug, null, FormErrors.none(), notice == null ? null : switch (notice) {
            case "saved" -> "Settings saved.";
            case "solution" -> "Solution uploaded; every submission is being scored against it.";
            case "program" -> "Scoring program uploaded.";
            case "hidden-data" -> "Hidden data uploaded: every code submission is rerun on it, and scoring reruns from "
                    + "now on read it.";
            case "rescore" -> "Every submission is being scored again.";
            case "created" -> "Competition created. Upload its solution below.";
            default -> null;
        });
    }

    @POST
    @Path("/{slug}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("slug") String slug, @BeanParam CompetitionForm form) {
        csrf.verify(request, form.csrf);
        try {
            if (service.patch(slug, form.toRequest())) {
                scoring.rescore(reads.id(slug));
            }
            return done(slug, "saved");
        } catch (ProblemException e) {
            if (e.status() == 401 || e.status() == 403 || e.status() == 404) {
                throw e;
            }
            return Response.status(e.status()).entity(page(slug, form, FormErrors.of(e, "_form"), null)).build();
        } catch (ConstraintViolationException e) {
            return Response.status(400).entity(page(slug, form, FormErrors.of(Violations.problem(e), "_form"), null)).build();
        }
    }

    @POST
    @Path("/{slug}/edit/solution")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response solution(@PathParam("slug") String slug, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                             InputStream body) {
        return upload(slug, contentType, body, "solution", true);
    }

    @POST
    @Path("/{slug}/edit/scoring-program")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response program(@PathParam("slug") String slug, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                            InputStream body) {
        return upload(slug, contentType, body, "program", false);
    }

    @POST
    @Path("/{slug}/edit/hidden-data")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response hiddenData(@PathParam("slug") String slug, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                               InputStream body) {
        return upload(slug, contentType, body, "hiddenData", false);
    }

    @POST
    @Path("/{slug}/edit/rescore")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rescore(@PathParam("slug") String slug, @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        try {
            service.startRescore(slug);
        } catch (ProblemException e) {
            if (e.status() != 409) {
                throw e;
            }
            return Response.status(409).entity(page(slug, null, new FormErrors("rescore", e.getMessage()), null)).build();
        }
        scoring.rescore(reads.id(slug));
        return done(slug, "rescore");
    }

    /**
     * The one file of the form goes to the solution service while it arrives, once the form's token and the
     * caller's role are checked; a second file part is refused (the first stays in force).
     */
    private Response upload(String slug, String contentType, InputStream body, String field, boolean solution) {
        List<Long> scored = new ArrayList<>();
        try {
            UploadForm form = uploads.read(contentType, body, Set.of(Csrf.FIELD), early -> {
                csrf.verify(request, early.single(Csrf.FIELD).orElse(null));
                queries.organized(slug);
            }, (name, bytes) -> {
                if (!scored.isEmpty()) {
                    throw new ShownOnPage(ProblemException.badRequest(field, "Choose one file to upload"));
                }
                if ("hiddenData".equals(field)) {
                    scored.add(shownOnPage(() -> {
                        hidden.upload(slug, bytes);
                        return -1L; // no rescore: the upload queued every code submission to rerun on the new data
                    }));
                    return new IncomingFile(name, null);
                }
                scored.add(shownOnPage(() -> solution ? solutions.uploadSolution(slug, bytes) : solutions.uploadProgram(slug, bytes)));
                scoring.rescore(scored.get(0));
                return new IncomingFile(name, null);
            });
            csrf.verify(request, form.single(Csrf.FIELD).orElse(null));
            queries.organized(slug);
            if (scored.isEmpty()) {
                throw new ShownOnPage(ProblemException.badRequest(field, "Choose one file to upload"));
            }
            return done(slug, "hiddenData".equals(field) ? "hidden-data" : solution ? "solution" : "program");
        } catch (ShownOnPage refused) {
            ProblemException e = refused.problem;
            if (e.status() == 401 || e.status() == 403 || e.status() == 404) {
                throw e;
            }
            return Response.status(e.status()).entity(page(slug, null, new FormErrors(field, e.getMessage()), null)).build();
        }
    }

    private TemplateInstance page(String slug, CompetitionForm typed, FormErrors errors, String notice) {
        Competition c = queries.organized(slug);
        CompetitionDetail detail = reads.detail(slug);
        CompetitionForm form = typed != null ? typed : CompetitionForm.of(detail, c.publicFraction, c.splitSeed);
        return Templates.edit(detail, form, CompetitionListPage.METRICS, errors, submissions.list(slug, true), notice,
                teams.all(slug));
    }

    private static Response done(String slug, String notice) {
        return Response.seeOther(URI.create("/competitions/" + slug + "/edit?notice=" + notice)).build();
    }
}
