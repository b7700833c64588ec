package org.kernelforge.kaggle;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.kernelforge.datasets.DatasetCatalog;
import org.kernelforge.datasets.DatasetMetadata;
import org.kernelforge.datasets.DatasetQueries;
import org.kernelforge.datasets.DatasetUploads;
import org.kernelforge.datasets.DatasetViews;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kaggle.DatasetMessages.CreateDataset;
import org.kernelforge.kaggle.DatasetMessages.CreateVersion;
import org.kernelforge.kaggle.DatasetMessages.Created;
import org.kernelforge.kaggle.DatasetMessages.Dataset;
import org.kernelforge.kaggle.DatasetMessages.DatasetFile;
import org.kernelforge.kaggle.DatasetMessages.DatasetFiles;
import org.kernelforge.kaggle.DatasetMessages.DatasetList;
import org.kernelforge.kaggle.DatasetMessages.DatasetRef;
import org.kernelforge.kaggle.DatasetMessages.Info;
import org.kernelforge.kaggle.DatasetMessages.License;
import org.kernelforge.kaggle.DatasetMessages.ListDatasets;
import org.kernelforge.kaggle.DatasetMessages.MetadataReply;
import org.kernelforge.kaggle.DatasetMessages.NewFile;
import org.kernelforge.kaggle.DatasetMessages.Status;
import org.kernelforge.platform.Page;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.StoredFile;
import org.kernelforge.uploads.BlobUploads;

import java.time.Instant;
import java.util.List;

import static org.kernelforge.kaggle.KernelsApi.blankToNull;

/** Kaggle's {@code datasets.DatasetApiService}: create, new version, status, list, files, metadata, download. */
@Path("/api/v1/datasets.DatasetApiService")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DatasetsApi {

    private final CurrentUser current;
    private final DatasetCatalog catalog;
    private final DatasetQueries queries;
    private final DatasetUploads uploads;

    DatasetsApi(CurrentUser current, DatasetCatalog catalog, DatasetQueries queries, DatasetUploads uploads) {
        this.current = current;
        this.catalog = catalog;
        this.queries = queries;
        this.uploads = uploads;
    }

    /** 404 for a dataset that does not exist (the client creates it then), else READY: versions are sealed at once. */
    @POST
    @Path("/GetDatasetStatus")
    public Status status(DatasetRef request) {
        readable(request);
        return new Status("READY");
    }

    @POST
    @Path("/CreateDataset")
    public Created create(CreateDataset request) {
        Account caller = current.require();
        if (request == null) {
            throw ProblemException.badRequest("slug", "Send the dataset's ownerSlug, slug, title and files");
        }
        String owner = blankToNull(request.ownerSlug()) == null ? caller.username() : request.ownerSlug().strip();
        List<DatasetMetadata.License> licenses = blankToNull(request.licenseName()) == null ? null
                : List.of(new DatasetMetadata.License(request.licenseName()));
        DatasetMetadata metadata = new DatasetMetadata(request.title(), owner + "/" + request.slug(), licenses,
                request.subtitle(), request.description(), request.categoryIds(), Boolean.TRUE.equals(request.isPrivate()));
        // the client sends a subfolder zipped (--dir-mode zip); like Kaggle, it becomes that folder again
        DatasetViews.Created created = uploads.createFromUploads(caller, metadata, refs(request.files()), true);
        return new Created(created.ref(), created.url(), "ok", null);
    }

    /** A new version holds exactly the files sent: the client uploads the whole folder each time. */
    @POST
    @Path("/CreateDatasetVersion")
    public Created newVersion(CreateVersion request) {
        Account caller = current.require();
        if (request == null || request.body() == null) {
            throw ProblemException.badRequest("body", "Send the new version's files in 'body'");
        }
        DatasetViews.Created created = catalog.replaceFiles(caller, request.ownerSlug(), request.datasetSlug(),
                request.body().versionNotes(), refs(request.body().files()));
        return new Created(created.ref(), created.url(), "ok", null);
    }

    @POST
    @Path("/ListDatasets")
    public DatasetList list(ListDatasets request) {
        ListDatasets r = request == null ? new ListDatasets(null, null, null, null, null) : request;
        String owner = blankToNull(r.user());
        if ("DATASET_SELECTION_GROUP_MY".equals(r.group())) {
            owner = current.require().username();
        }
        int size = r.pageSize() == null || r.pageSize() <= 0 ? Paging.DEFAULT_SIZE : Math.min(r.pageSize(), 100);
        Page<DatasetViews.DatasetSummary> page = queries.list(blankToNull(r.search()), owner,
                r.page() == null || r.page() < 1 ? 1 : r.page(), size);
        List<Dataset> datasets = page.items().stream().map(d -> new Dataset(d.ref(), d.title(), d.subtitle(), d.owner(),
                d.owner(), d.owner(), d.url(), KaggleTime.of(d.updatedAt()), d.isPrivate(), d.licenseName(),
                d.currentVersion(), totalBytes(d))).toList();
        return new DatasetList(datasets, null);
    }

    @POST
    @Path("/ListDatasetFiles")
    public DatasetFiles files(DatasetRef request) {
        DatasetCatalog.PinnedVersion version = version(request);
        Paging paging = Paging.of(request.pageToken(), request.pageSize());
        List<StoredFile> all = catalog.files(version.id());
        Instant created = queries.detail(request.ownerSlug(), request.datasetSlug()).versions().stream()
                .filter(v -> v.version() == version.number()).findFirst().map(DatasetViews.VersionSummary::createdAt)
                .orElse(null);
        List<DatasetFile> files = paging.page(all).stream().map(f -> new DatasetFile(f.path(), version.datasetRef(),
                f.path(), f.size(), KaggleTime.of(created))).toList();
        return new DatasetFiles(files, paging.next(all.size()));
    }

    @POST
    @Path("/GetDatasetMetadata")
    public MetadataReply metadata(DatasetRef request) {
        readable(request);
        DatasetViews.DatasetDetail d = queries.detail(request.ownerSlug(), request.datasetSlug());
        List<License> licenses = d.licenseName() == null ? List.of() : List.of(new License(d.licenseName()));
        return new MetadataReply(new Info(d.slug(), d.owner(), d.title(), d.subtitle(), d.description(), d.isPrivate(),
                d.keywords(), licenses));
    }

    /**
     * A redirect to the platform's own download, relative so that the client keeps its credentials (it drops them
     * for another host or port). A whole version is a zip archive; the client names it {@code <slug>.zip}.
     */
    @POST
    @Path("/DownloadDataset")
    public Response download(DatasetRef request) {
        DatasetCatalog.PinnedVersion version = version(request);
        String base = "/api/datasets/" + request.ownerSlug() + "/" + request.datasetSlug() + "/versions/" + version.number();
        String fileName = blankToNull(request.fileName());
        if (fileName == null) {
            return Redirects.to(Archives.PATH + "/datasets/" + request.ownerSlug() + "/" + request.datasetSlug() + "/"
                    + version.number() + "/" + request.datasetSlug() + ".zip");
        }
        StoredFile file = catalog.file(version.id(), fileName).orElseThrow(() -> ProblemException.notFound(
                "Version " + version.number() + " of '" + version.datasetRef() + "' has no file '" + fileName + "'"));
        return Redirects.to(base + "/files/" + SignedUrls.encodedPath(file.path()));
    }

    private Long totalBytes(DatasetViews.DatasetSummary d) {
        return catalog.version(d.owner(), d.slug(), d.currentVersion())
                .map(v -> catalog.files(v.id()).stream().mapToLong(StoredFile::size).sum()).orElse(null);
    }

    private DatasetCatalog.ReadableDataset readable(DatasetRef request) {
        if (request == null || blankToNull(request.ownerSlug()) == null || blankToNull(request.datasetSlug()) == null) {
            throw ProblemException.badRequest("datasetSlug", "Name the dataset as owner/slug");
        }
        return catalog.readable(request.ownerSlug(), request.datasetSlug()).orElseThrow(() -> ProblemException.notFound(
                "There is no dataset '" + request.ownerSlug() + "/" + request.datasetSlug() + "' that you can see"));
    }

    private DatasetCatalog.PinnedVersion version(DatasetRef request) {
        DatasetCatalog.ReadableDataset dataset = readable(request);
        int number = request.datasetVersionNumber() == null || request.datasetVersionNumber() <= 0
                ? dataset.latestVersion() : request.datasetVersionNumber();
        return catalog.version(request.ownerSlug(), request.datasetSlug(), number).orElseThrow(() -> ProblemException.notFound(
                "The dataset '" + dataset.ref() + "' has no version " + number + "; its versions are 1 to " + dataset.latestVersion()));
    }

    private static List<BlobUploads.Ref> refs(List<NewFile> files) {
        return files == null ? List.of() : files.stream().map(f -> new BlobUploads.Ref(f == null ? null : f.token(), null)).toList();
    }
}
