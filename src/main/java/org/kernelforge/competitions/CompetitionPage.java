package org.kernelforge.competitions;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.kernelforge.competitions.CompetitionViews.CompetitionDetail;
import org.kernelforge.competitions.CompetitionViews.DataFile;
import org.kernelforge.competitions.CompetitionViews.Leaderboard;
import org.kernelforge.datasets.CsvPreview;
import org.kernelforge.datasets.DatasetViews.Preview;
import org.kernelforge.kernels.KernelReads;
import org.kernelforge.kernels.KernelViews.KernelSummary;
import org.kernelforge.platform.UniqueViolations;
import org.kernelforge.storage.StoredFile;
import org.kernelforge.web.Csrf;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A competition's public tabs: Overview, Data, Code, Leaderboard; and joining it by accepting the rules.
 * My Submissions and Submit are {@link SubmissionPage}; the organizers' pages are {@link OrganizerPage}.
 */
@Path("/competitions")
@Produces(MediaType.TEXT_HTML)
public class CompetitionPage {

    /** The data tab: the files, and the CSV file previewed (null when none is). */
    public record DataTab(List<DataFile> files, String previewPath, Preview preview, String apiBase) {
    }

    /** The leaderboard tab: the public board, the private one when the caller may see it, and the chart. */
    public record BoardTab(Leaderboard publicBoard, Leaderboard privateBoard, ScoreChart chart, String privateNote) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(CompetitionDetail c);

        static native TemplateInstance data(CompetitionDetail c, DataTab data);

        static native TemplateInstance code(CompetitionDetail c, List<KernelSummary> kernels, long total);

        static native TemplateInstance leaderboard(CompetitionDetail c, BoardTab board);
    }

    private final CompetitionReads reads;
    private final CompetitionService service;
    private final Leaderboards leaderboards;
    private final KernelReads kernels;
    private final CsvPreview previews;
    private final Csrf csrf;
    private final HttpServerRequest request;

    public CompetitionPage(CompetitionReads reads, CompetitionService service, Leaderboards leaderboards, KernelReads kernels,
                           CsvPreview previews, Csrf csrf, HttpServerRequest request) {
        this.reads = reads;
        this.service = service;
        this.leaderboards = leaderboards;
        this.kernels = kernels;
        this.previews = previews;
        this.csrf = csrf;
        this.request = request;
    }

    @GET
    @Path("/{slug}")
    public TemplateInstance overview(@PathParam("slug") String slug) {
        return Templates.overview(reads.detail(slug));
    }

    @GET
    @Path("/{slug}/data")
    public TemplateInstance data(@PathParam("slug") String slug, @RestQuery String file) {
        CompetitionDetail c = reads.detail(slug);
        List<DataFile> files = reads.data(slug);
        DataFile shown = files.stream().filter(f -> file == null ? CsvPreview.supports(f.path()) : f.path().equals(file))
                .findFirst().orElse(null);
        Preview preview = shown != null && CsvPreview.supports(shown.path())
                ? previews.preview(new StoredFile(shown.path(), shown.sha256(), shown.size()), CsvPreview.DEFAULT_ROWS) : null;
        return Templates.data(c, new DataTab(files, shown == null ? null : shown.path(), preview,
                "/api/competitions/" + slug + "/data"));
    }

    @GET
    @Path("/{slug}/code")
    public TemplateInstance code(@PathParam("slug") String slug) {
        CompetitionDetail c = reads.detail(slug);
        var page = kernels.list(null, null, true, null, slug, 1, 50);
        return Templates.code(c, page.items(), page.total());
    }

    @GET
    @Path("/{slug}/leaderboard")
    public TemplateInstance leaderboard(@PathParam("slug") String slug) {
        CompetitionDetail c = reads.detail(slug);
        boolean ended = "ended".equals(c.state());
        boolean privateVisible = ended || c.caller().organizer();
        Leaderboard privateBoard = privateVisible ? leaderboards.board(slug, Leaderboards.PRIVATE) : null;
        String note = ended ? null : c.caller().organizer()
                ? "You see the private leaderboard because you organize this competition; competitors see it after the end."
                : "The private leaderboard is revealed when the competition ends, at " + org.kernelforge.web.Formats.when(c.endTime()) + ".";
        return Templates.leaderboard(c, new BoardTab(leaderboards.board(slug, Leaderboards.PUBLIC), privateBoard,
                ScoreChart.of(leaderboards.bestPublicOverTime(slug), Instant.now()), note));
    }

    @POST
    @Path("/{slug}/join")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response join(@PathParam("slug") String slug, @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        UniqueViolations.retried(() -> service.join(slug));
        return Response.seeOther(URI.create("/competitions/" + slug + "/submit")).build();
    }
}
