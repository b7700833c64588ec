package org.kernelforge.datasets;

import org.kernelforge.storage.StoredFile;
import org.kernelforge.storage.FileResponses;
import io.quarkus.vertx.http.Uncompressed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;
import org.kernelforge.datasets.DatasetViews.FileView;
import org.kernelforge.platform.ProblemException;

import java.util.List;
import java.util.Optional;

/** The files of a dataset version: list, bytes (with ranges), whole version as zip, CSV preview. */
@Path("/api/datasets/{owner}/{slug}/versions/{version}")
public class DatasetFileResource {

    private final DatasetQueries queries;
    private final FileResponses responses;
    private final CsvPreview previews;
    private final ColumnStatsStore stats;

    public DatasetFileResource(DatasetQueries queries, FileResponses responses, CsvPreview previews, ColumnStatsStore stats) {
        this.stats = stats;
        this.queries = queries;
        this.responses = responses;
        this.previews = previews;
    }

    @GET
    @Path("/files")
    @Produces(MediaType.APPLICATION_JSON)
    public List<FileView> files(@PathParam("owner") String owner, @PathParam("slug") String slug,
                                @PathParam("version") String version) {
        DatasetVersion v = queries.version(queries.visible(owner, slug), version);
        return DatasetFile.listFor(v).stream().map(FileView::of).toList();
    }

    @GET
    @Path("/files/{path: .+}")
    @Uncompressed
    public Response file(@PathParam("owner") String owner, @PathParam("slug") String slug,
                         @PathParam("version") String version, @PathParam("path") String path,
                         @HeaderParam("Range") String range, @HeaderParam("If-None-Match") String ifNoneMatch,
                         @HeaderParam("If-Range") String ifRange) {
        Dataset dataset = queries.visible(owner, slug);
        DatasetVersion v = queries.version(dataset, version);
        return responses.file(queries.file(v, dataset, path), v.createdAt(), range, ifNoneMatch, ifRange);
    }

    /** Column statistics of a whole CSV file (count, missing, distinct, min/max/mean), computed once per file content. */
    @GET
    @Path("/files/{path: .+}/stats")
    @Produces(MediaType.APPLICATION_JSON)
    public List<DatasetViews.ColumnStats> stats(@PathParam("owner") String owner, @PathParam("slug") String slug,
                                                @PathParam("version") String version, @PathParam("path") String path) {
        Dataset dataset = queries.visible(owner, slug);
        StoredFile file = queries.file(queries.version(dataset, version), dataset, path);
        if (!CsvPreview.supports(path)) {
            throw ProblemException.unsupportedMediaType("Column statistics are for CSV files (.csv or .csv.gz); '" + path
                    + "' is not one");
        }
        return stats.of(file);
    }

    /** {@code rows}: how many data rows, 1 to 200 (default 20). */
    @GET
    @Path("/files/{path: .+}/preview")
    @Produces(MediaType.APPLICATION_JSON)
    @Uncompressed
    public Response preview(@PathParam("owner") String owner, @PathParam("slug") String slug,
                            @PathParam("version") String version, @PathParam("path") String path,
                            @RestQuery Integer rows, @HeaderParam("Range") String range,
                            @HeaderParam("If-None-Match") String ifNoneMatch, @HeaderParam("If-Range") String ifRange) {
        Dataset dataset = queries.visible(owner, slug);
        DatasetVersion v = queries.version(dataset, version);
        StoredFile file = DatasetFile.byPath(v, path).orElse(null);
        if (file == null) {
            // a file really named ".../preview" is served as bytes
            Optional<StoredFile> named = DatasetFile.byPath(v, path + "/preview");
            if (named.isPresent()) {
                return responses.file(named.get(), v.createdAt(), range, ifNoneMatch, ifRange);
            }
            file = queries.file(v, dataset, path);
        }
        if (!CsvPreview.supports(path)) {
            throw ProblemException.unsupportedMediaType("Preview is for CSV files (.csv or .csv.gz); '" + path
                    + "' is not one. Download it from .../files/" + path + " instead");
        }
        int n = rows == null ? CsvPreview.DEFAULT_ROWS : rows;
        if (n < 1 || n > CsvPreview.MAX_ROWS) {
            throw ProblemException.badRequest("rows", "rows must be 1 to " + CsvPreview.MAX_ROWS);
        }
        return Response.ok(previews.preview(file, n), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/download")
    @Uncompressed
    public Response download(@PathParam("owner") String owner, @PathParam("slug") String slug,
                             @PathParam("version") String version) {
        Dataset dataset = queries.visible(owner, slug);
        DatasetVersion v = queries.version(dataset, version);
        return responses.zip(dataset.slug + "-v" + v.number() + ".zip", v.createdAt(), DatasetFile.listFor(v));
    }
}
