package org.kernelforge.datasets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.identity.Account;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.StoredFile;
import org.kernelforge.uploads.BlobUploads;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What other features may read of datasets, as records: the datasets the caller may read, their sealed versions
 * and the files of a version (what kernels mount and competitions publish).
 */
@ApplicationScoped
public class DatasetCatalog {

    /** A dataset the caller may read: "owner/slug", its slug, its latest version number. */
    public record ReadableDataset(String ref, String slug, int latestVersion) {
    }

    /** One sealed version of a dataset. */
    public record PinnedVersion(String datasetRef, long id, int number) {
    }

    private final DatasetQueries queries;
    private final DatasetUploads uploads;

    DatasetCatalog(DatasetQueries queries, DatasetUploads uploads) {
        this.queries = queries;
        this.uploads = uploads;
    }

    /**
     * A new version of a dataset the caller may change, holding exactly these finished raw uploads (nothing carries
     * over from the version before, as when a client uploads its whole folder again); each archive {@code name.zip}
     * becomes the folder {@code name/}, as Kaggle unpacks a folder its client sent zipped.
     */
    public DatasetViews.Created replaceFiles(Account caller, String owner, String slug, String notes,
                                             List<BlobUploads.Ref> files) {
        long id = queries.writable(owner, slug).id;
        return uploads.addVersionFromUploads(caller, id, new VersionChange(notes, true, List.of()), files, true);
    }

    /** The dataset, if the caller may read it; a private dataset of someone else is as absent as a missing one. */
    @Transactional
    public Optional<ReadableDataset> readable(String owner, String slug) {
        return visible(owner, slug).map(d -> new ReadableDataset(d.ref(), d.slug, d.currentVersion));
    }

    /** Version {@code number} of a dataset the caller may read. */
    @Transactional
    public Optional<PinnedVersion> version(String owner, String slug, int number) {
        return visible(owner, slug).flatMap(d -> DatasetVersion.byNumber(d, number)
                .map(v -> new PinnedVersion(d.ref(), v.id(), v.number())));
    }

    /** The files of a version, by path. */
    @Transactional
    public List<StoredFile> files(long versionId) {
        return DatasetFile.listFor(DatasetVersion.findById(versionId));
    }

    /** When the version was made: its files never change after. */
    @Transactional
    public Instant createdAt(long versionId) {
        return DatasetVersion.<DatasetVersion>findById(versionId).createdAt();
    }

    @Transactional
    public Optional<StoredFile> file(long versionId, String path) {
        return DatasetFile.byPath(DatasetVersion.findById(versionId), path);
    }

    private Optional<Dataset> visible(String owner, String slug) {
        try {
            return Optional.of(queries.visible(owner, slug));
        } catch (ProblemException notVisible) {
            return Optional.empty();
        }
    }
}
