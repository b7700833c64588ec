package org.kernelforge.datasets;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.BlobStore;
import org.kernelforge.storage.StoredFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the files of an upload into validated {@link StagedFiles}: checks every name, rejects empty files and
 * duplicate paths, extracts zip archives (named .zip and starting like one) safely. Nothing is stored yet.
 */
@ApplicationScoped
public class UploadedFiles {

    private final DatasetsConfig config;
    private final Path tempRoot;

    public UploadedFiles(DatasetsConfig config, PlatformConfig platform) {
        this.config = config;
        this.tempRoot = platform.dataDir().resolve("tmp").resolve("datasets");
    }

    /** Where archives are extracted while an upload is checked; empty between uploads. */
    public Path tempRoot() {
        return tempRoot;
    }

    /** The checked files; the caller closes the result, which deletes what was extracted. */
    StagedFiles stage(List<IncomingFile> files) {
        return stage(files, false);
    }

    /** As above; with {@code archivesAsFolders} each archive {@code name.zip} becomes the folder {@code name/}. */
    StagedFiles stage(List<IncomingFile> files, boolean archivesAsFolders) {
        StagedFiles staged = new StagedFiles(tempRoot);
        try {
            ZipExtractor zips = new ZipExtractor(config.zip(), staged, archivesAsFolders);
            for (IncomingFile file : files) {
                if (ZipExtractor.isZipName(file.name())) {
                    if (file.path() == null) {
                        throw ProblemException.badRequest("file", "'" + file.name() + "' is named .zip but was "
                                + "uploaded under another name; start its upload with the .zip name to have it extracted");
                    }
                    if (!ZipExtractor.hasZipMagic(file.path())) {
                        throw ProblemException.badRequest("file", "'" + file.name()
                                + "' is named .zip but is not a zip archive; rename it or upload the real archive");
                    }
                    zips.extract(file);
                } else {
                    String path = FilePaths.check(file.name(), "The file '" + file.name() + "'");
                    long size = file.stored() != null ? file.stored().size() : size(file.path());
                    if (size == 0) {
                        throw ProblemException.badRequest("file", "The file '" + file.name()
                                + "' is empty (0 bytes); empty files are not accepted, remove it from the upload");
                    }
                    staged.add(path, file.path(), size, file.stored() == null ? null : file.stored().sha256(),
                            "the file '" + file.name() + "'");
                }
            }
            FilePaths.checkNoFileIsAFolder(staged.paths());
            return staged;
        } catch (RuntimeException | Error e) {
            staged.close();
            throw e;
        }
    }

    /**
     * The files of one zip archive, checked as a dataset upload's archives are (its central directory against the
     * entry, size and ratio limits before anything is extracted, then every name and size), stored in the blob store.
     * Refusals name the field {@code file}.
     */
    public List<StoredFile> storeArchive(String name, Path archive, BlobStore blobs) {
        if (!ZipExtractor.hasZipMagic(archive)) {
            throw ProblemException.badRequest("file", "'" + name + "' is not a zip archive; send a .zip file");
        }
        try (StagedFiles staged = stage(List.of(new IncomingFile(name, archive)))) {
            List<StoredFile> stored = new java.util.ArrayList<>();
            for (StagedFiles.Staged file : staged.files()) {
                BlobStore.Blob blob = blobs.store(file.local());
                stored.add(new StoredFile(file.path(), blob.sha256(), blob.size()));
            }
            return stored;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
