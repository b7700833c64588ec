package org.kernelforge.datasets;

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
import org.kernelforge.datasets.DatasetViews.DatasetDetail;
import org.kernelforge.datasets.DatasetViews.Preview;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.storage.StoredFile;
import org.kernelforge.web.Csrf;
import org.kernelforge.web.FileTree;

import java.net.URI;
import java.util.List;

/** A dataset's page: description, licence, versions, file tree, CSV preview, downloads; visibility and new versions. */
@Path("/datasets/{owner}/{slug}")
@Produces(MediaType.TEXT_HTML)
public class DatasetPage {

    /** The version shown, its files, and the file previewed (null when it is not a CSV file). */
    public record Shown(int version, List<FileTree.Row> tree, String previewPath, Preview preview, String apiBase,
                        List<DatasetViews.ColumnStats> stats) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dataset(DatasetDetail dataset, Shown shown, boolean canEdit);

        static native TemplateInstance newVersion(DatasetDetail dataset, List<StoredFile> files);
    }

    private final DatasetQueries queries;
    private final DatasetService service;
    private final CsvPreview previews;
    private final ColumnStatsStore stats;
    private final CurrentUser current;
    private final Csrf csrf;
    private final HttpServerRequest request;

    public DatasetPage(DatasetQueries queries, DatasetService service, CsvPreview previews, ColumnStatsStore stats,
                       CurrentUser current, Csrf csrf, HttpServerRequest request) {
        this.stats = stats;
        this.queries = queries;
        this.service = service;
        this.previews = previews;
        this.current = current;
        this.csrf = csrf;
        this.request = request;
    }

    @GET
    public TemplateInstance show(@PathParam("owner") String owner, @PathParam("slug") String slug,
                                 @RestQuery String version, @RestQuery String file) {
        Dataset dataset = queries.visible(owner, slug);
        DatasetVersion v = queries.version(dataset, version == null ? "latest" : version);
        List<StoredFile> files = DatasetFile.listFor(v);
        List<FileTree.Row> tree = FileTree.of(files.stream().map(f -> new FileTree.Entry(f.path(), f.size())).toList());
        StoredFile previewed = file == null
                ? files.stream().filter(f -> CsvPreview.supports(f.path())).findFirst().orElse(null)
                : queries.file(v, dataset, file);
        Preview preview = previewed != null && CsvPreview.supports(previewed.path())
                ? previews.preview(previewed, CsvPreview.DEFAULT_ROWS) : null;
        String api = "/api/datasets/" + dataset.ref() + "/versions/" + v.number();
        List<DatasetViews.ColumnStats> columnStats = preview == null ? List.of() : stats.of(previewed);
        Shown shown = new Shown(v.number(), tree, previewed == null ? null : previewed.path(), preview, api, columnStats);
        return Templates.dataset(queries.detail(owner, slug), shown, current.canAct(dataset.ownerId));
    }

    @GET
    @Path("/new-version")
    public TemplateInstance newVersion(@PathParam("owner") String owner, @PathParam("slug") String slug) {
        Dataset dataset = queries.writable(owner, slug);
        List<StoredFile> files = DatasetFile.listFor(queries.version(dataset, "latest"));
        return Templates.newVersion(queries.detail(owner, slug), files);
    }

    @POST
    @Path("/visibility")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response visibility(@PathParam("owner") String owner, @PathParam("slug") String slug,
                               @RestForm boolean isPrivate, @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        Dataset dataset = queries.writable(owner, slug);
        service.patch(dataset.id, DatasetPatch.privacy(isPrivate));
        return Response.seeOther(URI.create("/datasets/" + owner + "/" + slug)).build();
    }

    /** The owner's delete, after the confirmation on the page; a refusal (409) names what uses the dataset. */
    @POST
    @Path("/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("owner") String owner, @PathParam("slug") String slug, @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        Dataset dataset = queries.writable(owner, slug);
        service.delete(dataset.id);
        return Response.seeOther(URI.create("/datasets")).build();
    }
}
