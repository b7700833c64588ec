package org.kernelforge.datasets;

import org.kernelforge.identity.Account;
import org.kernelforge.storage.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.datasets.DatasetViews.Created;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.BlobStore;

import org.kernelforge.uploads.BlobUploads;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one path by which files become a dataset version (API uploads and the seed alike), in this order:
 * check the metadata, check and extract the files, store their blobs, then write all rows in one transaction.
 * A failure before the transaction writes no row; temporary files are deleted whatever happens.
 */
@ApplicationScoped
public class DatasetUploads {

    private final DatasetService service;
    private final UploadedFiles uploaded;
    private final BlobStore blobs;
    private final BlobUploads blobUploads;

    public DatasetUploads(DatasetService service, UploadedFiles uploaded, BlobStore blobs, BlobUploads blobUploads) {
        this.service = service;
        this.uploaded = uploaded;
        this.blobs = blobs;
        this.blobUploads = blobUploads;
    }

    /** Like {@link #create} with the caller's finished raw uploads; they are used up only if the dataset is created. */
    public Created createFromUploads(Account caller, DatasetMetadata metadata, List<BlobUploads.Ref> refs) {
        return createFromUploads(caller, metadata, refs, false);
    }

    /** As above; with {@code archivesAsFolders} each archive {@code name.zip} becomes the folder {@code name/}. */
    public Created createFromUploads(Account caller, DatasetMetadata metadata, List<BlobUploads.Ref> refs,
                                     boolean archivesAsFolders) {
        service.draft(caller, metadata);
        if (refs.isEmpty()) {
            throw ProblemException.badRequest("files", "A dataset needs at least one file: list the tokens of your "
                    + "finished uploads in 'files' ([{\"token\": ...}])");
        }
        return withUploads(caller, refs, files -> create(caller, metadata, files, archivesAsFolders));
    }

    /** Like {@link #addVersion} with the caller's finished raw uploads. */
    public Created addVersionFromUploads(Account caller, long datasetId, VersionChange change, List<BlobUploads.Ref> refs) {
        return addVersionFromUploads(caller, datasetId, change, refs, false);
    }

    Created addVersionFromUploads(Account caller, long datasetId, VersionChange change, List<BlobUploads.Ref> refs,
                                  boolean archivesAsFolders) {
        return withUploads(caller, refs, files -> addVersion(caller, datasetId, change, files, archivesAsFolders));
    }

    private Created withUploads(Account caller, List<BlobUploads.Ref> refs, Function<List<IncomingFile>, Created> upload) {
        List<BlobUploads.Claimed> claimed = blobUploads.claim(caller, refs);
        Created created;
        try {
            created = upload.apply(claimed.stream().map(c -> new IncomingFile(c.name(), c.local(),
                    c.sha256() == null ? null : new BlobStore.Blob(c.sha256(), c.size()))).toList());
        } catch (RuntimeException | Error e) {
            blobUploads.release(claimed);
            throw e;
        }
        blobUploads.finish(claimed);
        return created;
    }

    public Created create(Account caller, DatasetMetadata metadata, List<IncomingFile> files) {
        return create(caller, metadata, files, false);
    }

    private Created create(Account caller, DatasetMetadata metadata, List<IncomingFile> files, boolean archivesAsFolders) {
        DatasetDraft draft = service.draft(caller, metadata);
        if (files.isEmpty()) {
            throw ProblemException.badRequest("file", "A dataset needs at least one file: add 'file' parts to the upload");
        }
        try (StagedFiles staged = uploaded.stage(files, archivesAsFolders)) {
            return service.create(caller, draft, store(staged));
        }
    }

    public Created addVersion(Account caller, long datasetId, VersionChange change, List<IncomingFile> files) {
        return addVersion(caller, datasetId, change, files, false);
    }

    private Created addVersion(Account caller, long datasetId, VersionChange change, List<IncomingFile> files,
                               boolean archivesAsFolders) {
        if (files.isEmpty() && change.remove().isEmpty() && !change.dropPreviousFiles()) {
            throw ProblemException.badRequest("file", "A new version needs changes: add 'file' parts, or 'remove' fields "
                    + "naming files to drop");
        }
        DatasetService.Latest latest = service.latest(datasetId);
        change.paths(latest.paths(), List.of(), latest.number(), false);
        try (StagedFiles staged = uploaded.stage(files, archivesAsFolders)) {
            change.paths(latest.paths(), staged.paths(), latest.number(), true);
            return service.addVersion(caller, datasetId, change, store(staged));
        }
    }

    private List<StoredFile> store(StagedFiles staged) {
        List<StoredFile> stored = new ArrayList<>();
        for (StagedFiles.Staged file : staged.files()) {
            BlobStore.Blob blob = file.sha256() != null ? new BlobStore.Blob(file.sha256(), file.size())
                    : blobs.store(file.local());
            stored.add(new StoredFile(file.path(), blob.sha256(), blob.size()));
        }
        return stored;
    }
}
