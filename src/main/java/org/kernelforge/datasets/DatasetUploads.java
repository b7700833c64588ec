package org.kernelforge.datasets;

import org.kernelforge.storage.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.datasets.DatasetViews.Created;
import org.kernelforge.identity.User;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.BlobStore;

import java.util.ArrayList;
import java.util.List;

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

    public DatasetUploads(DatasetService service, UploadedFiles uploaded, BlobStore blobs) {
        this.service = service;
        this.uploaded = uploaded;
        this.blobs = blobs;
    }

    public Created create(User caller, DatasetMetadata metadata, List<IncomingFile> files) {
        DatasetDraft draft = service.draft(caller, metadata);
        if (files.isEmpty()) {
            throw ProblemException.badRequest("file", "A dataset needs at least one file: add 'file' parts to the upload");
        }
        try (StagedFiles staged = uploaded.stage(files)) {
            return service.create(caller, draft, store(staged));
        }
    }

    public Created addVersion(User caller, long datasetId, VersionChange change, List<IncomingFile> files) {
        if (files.isEmpty() && change.remove().isEmpty() && !change.dropPreviousFiles()) {
            throw ProblemException.badRequest("file", "A new version needs changes: add 'file' parts, or 'remove' fields "
                    + "naming files to drop");
        }
        DatasetService.Latest latest = service.latest(datasetId);
        change.paths(latest.paths(), List.of(), latest.number(), false);
        try (StagedFiles staged = uploaded.stage(files)) {
            change.paths(latest.paths(), staged.paths(), latest.number(), true);
            return service.addVersion(caller, datasetId, change, store(staged));
        }
    }

    private List<StoredFile> store(StagedFiles staged) {
        List<StoredFile> stored = new ArrayList<>();
        for (StagedFiles.Staged file : staged.files()) {
            BlobStore.Blob blob = blobs.store(file.local());
            stored.add(new StoredFile(file.path(), blob.sha256(), blob.size()));
        }
        return stored;
    }
}
