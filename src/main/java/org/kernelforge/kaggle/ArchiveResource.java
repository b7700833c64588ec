package org.kernelforge.kaggle;

import io.quarkus.vertx.http.Uncompressed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.kernelforge.competitions.CompetitionReads;
import org.kernelforge.datasets.DatasetCatalog;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.StoredFile;

import java.util.List;

/**
 * Where Kaggle's download calls redirect for whole archives: a dataset version, a competition's data. Each URL ends
 * in {@code .zip}, which the client takes as the saved file's extension; what the caller may read is checked as
 * everywhere (a private dataset of someone else is not found).
 */
@Path(Archives.PATH)
public class ArchiveResource {

    private final Archives archives;
    private final DatasetCatalog catalog;
    private final CompetitionReads competitions;

    ArchiveResource(Archives archives, DatasetCatalog catalog, CompetitionReads competitions) {
        this.archives = archives;
        this.catalog = catalog;
        this.competitions = competitions;
    }

    @GET
    @Path("/datasets/{owner}/{slug}/{version}/{file}.zip")
    @Uncompressed
    public Response dataset(@PathParam("owner") String owner, @PathParam("slug") String slug,
                            @PathParam("version") int version) {
        DatasetCatalog.PinnedVersion pinned = catalog.version(owner, slug, version).orElseThrow(() -> ProblemException.notFound(
                "There is no version " + version + " of a dataset '" + owner + "/" + slug + "' that you can see"));
        return archives.zip(slug + ".zip", catalog.createdAt(pinned.id()), catalog.files(pinned.id()));
    }

    @GET
    @Path("/competitions/{slug}/{file}.zip")
    @Uncompressed
    public Response competition(@PathParam("slug") String slug) {
        List<StoredFile> files = competitions.data(slug).stream()
                .map(f -> new StoredFile(f.path(), f.sha256(), f.size())).toList();
        return archives.zip(slug + ".zip", competitions.dataUploadedAt(slug), files);
    }
}
