package org.kernelforge.competitions;

import org.kernelforge.kernels.KernelViews;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
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
import org.kernelforge.datasets.StreamedUploads;
import org.kernelforge.datasets.UploadForm;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kernels.KernelReads;
import org.kernelforge.kernels.KernelViews.OutputChoice;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.web.Csrf;
import org.kernelforge.web.FormErrors;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Set;

import static org.kernelforge.competitions.ShownOnPage.shownOnPage;

/**
 * A competitor's tabs: My Submissions (live while any is pending; final selection) and Submit (accept the rules,
 * then upload a file or submit a kernel version's output). Everything goes through the competition services.
 */
@Path("/competitions")
@Produces(MediaType.TEXT_HTML)
public class SubmissionPage {

    /** The kernel output chosen, as sent. */
    public record KernelChoice(String kernel, String version, String file, String description) {
        static KernelChoice blank() {
            return new KernelChoice("", "", "submission.csv", "");
        }
    }

    /** My Submissions: the rows, whether any is still pending, and the error of a selection beside its row. */
    public record Mine(List<SubmissionView> submissions, boolean pending, Long errorRow, String error) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance submissions(CompetitionDetail c, Mine mine);

        static native TemplateInstance submissions$rows(CompetitionDetail c, Mine mine);

        static native TemplateInstance submit(CompetitionDetail c, List<OutputChoice> outputs, KernelChoice choice,
                                              FormErrors uploadErrors, FormErrors kernelErrors,
                                              List<KernelViews.VersionChoice> versions);
    }

    private final CompetitionReads reads;
    private final SubmissionReads submissions;
    private final SubmissionService service;
    private final ScoringQueue scoring;
    private final KernelReads kernels;
    private final CurrentUser current;
    private final Csrf csrf;
    private final HttpServerRequest request;
    private final StreamedUploads uploads;

    public SubmissionPage(CompetitionReads reads, SubmissionReads submissions, SubmissionService service,
                          ScoringQueue scoring, KernelReads kernels, CurrentUser current, Csrf csrf,
                          HttpServerRequest request, StreamedUploads uploads) {
        this.uploads = uploads;
        this.reads = reads;
        this.submissions = submissions;
        this.service = service;
        this.scoring = scoring;
        this.kernels = kernels;
        this.current = current;
        this.csrf = csrf;
        this.request = request;
    }

    @GET
    @Path("/{slug}/submissions")
    public TemplateInstance submissions(@PathParam("slug") String slug) {
        current.require();
        return Templates.submissions(reads.detail(slug), mine(slug, null, null));
    }

    /** The table alone, polled by htmx while a submission is pending. */
    @GET
    @Path("/{slug}/submissions/rows")
    public TemplateInstance rows(@PathParam("slug") String slug) {
        current.require();
        return Templates.submissions$rows(reads.detail(slug), mine(slug, null, null));
    }

    @POST
    @Path("/{slug}/submissions/{id}/selected")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response select(@PathParam("slug") String slug, @PathParam("id") long id, @RestForm boolean selected,
                           @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        current.require();
        try {
            submissions.select(slug, id, selected);
            return Response.seeOther(URI.create("/competitions/" + slug + "/submissions")).build();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            return Response.status(e.status())
                    .entity(Templates.submissions(reads.detail(slug), mine(slug, id, e.getMessage()))).build();
        }
    }

    @GET
    @Path("/{slug}/submit")
    public TemplateInstance submit(@PathParam("slug") String slug) {
        return submitPage(slug, KernelChoice.blank(), FormErrors.none(), FormErrors.none());
    }

    /** The file is stored while it arrives, once the form's token and the competition's rules let it in. */
    @POST
    @Path("/{slug}/submit/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("slug") String slug, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           InputStream body) {
        try {
            UploadForm form = uploads.read(contentType, body, Set.of("description", Csrf.FIELD), early -> {
                csrf.verify(request, early.single(Csrf.FIELD).orElse(null));
                current.require();
                shownOnPage(() -> {
                    service.checkCanSubmit(slug);
                    return null;
                });
            }, (name, bytes) -> shownOnPage(() -> service.receiveFile(name, bytes)));
            csrf.verify(request, form.single(Csrf.FIELD).orElse(null));
            current.require();
            scoring.enqueue(shownOnPage(() -> service.submitUpload(slug, form)).id);
            return Response.seeOther(URI.create("/competitions/" + slug + "/submissions")).build();
        } catch (ShownOnPage refused) {
            ProblemException e = refused.problem;
            return Response.status(e.status()).entity(submitPage(slug, KernelChoice.blank(), shown(e, "_upload", Set.of("file", "description")),
                    FormErrors.none())).build();
        }
    }

    @POST
    @Path("/{slug}/submit/kernel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response fromKernel(@PathParam("slug") String slug, @RestForm String output, @RestForm String kernel,
                               @RestForm String version, @RestForm String file, @RestForm String description,
                               @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        current.require();
        if (output != null && !output.isBlank()) {
            // the submit page's choice: "owner/slug|N|path"
            String[] parts = output.split("\\|", 3);
            kernel = parts[0];
            version = parts.length > 1 ? parts[1] : null;
            file = parts.length > 2 ? parts[2] : null;
        }
        KernelChoice choice = new KernelChoice(kernel, version, file, description);
        try {
            Integer number;
            try {
                number = version == null || version.isBlank() ? null : Integer.valueOf(version.strip());
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("version", "'" + version + "' is not a version number");
            }
            scoring.enqueue(service.submitKernelOutput(slug, new KernelSubmission(kernel, number, file, description)).id);
            return Response.seeOther(URI.create("/competitions/" + slug + "/submissions")).build();
        } catch (ProblemException e) {
            return Response.status(e.status()).entity(submitPage(slug, choice, FormErrors.none(),
                    shown(e, "_kernel", Set.of("kernel", "version", "file")))).build();
        }
    }

    private TemplateInstance submitPage(String slug, KernelChoice choice, FormErrors uploadErrors, FormErrors kernelErrors) {
        current.require();
        CompetitionDetail c = reads.detail(slug);
        boolean code = Competition.KIND_CODE.equals(c.kind());
        return Templates.submit(c, code ? List.of() : kernels.submittableOutputs(slug, 100), choice, uploadErrors,
                kernelErrors, code ? kernels.myVersions(100) : List.of());
    }

    /** The error beside its field when the form has that field, else beside the form's button. */
    static FormErrors shown(ProblemException e, String fallback, Set<String> fields) {
        return new FormErrors(e.field() != null && fields.contains(e.field()) ? e.field() : fallback, e.getMessage());
    }

    private Mine mine(String slug, Long errorRow, String error) {
        List<SubmissionView> list = submissions.list(slug, false);
        return new Mine(list, list.stream().anyMatch(s -> s.status().inProgress()), errorRow, error);
    }
}
