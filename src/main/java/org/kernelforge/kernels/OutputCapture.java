package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.runs.RunnerScripts;
import org.kernelforge.runs.OutputFile;
import org.kernelforge.runs.OutputListing;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.WorkingDirectories;
import org.kernelforge.runs.RunsConfig;
import org.kernelforge.storage.BlobBatches;
import org.kernelforge.storage.BlobStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshots a finished run: every file under the working directory goes to the blob store by
 * content hash (a file unchanged since an earlier version costs no new bytes, identical files are sent once, small
 * files several to a pack object: {@link BlobBatches}), plus the executed notebook, its HTML and the log. A run that left more files than the deployment's limit
 * keeps none of them.
 */
@ApplicationScoped
class OutputCapture {

    /** Notes about files left out that go to the log; past them, one line counts the rest. */
    private static final int NOTES_LOGGED = 20;

    private final BlobStore blobs;
    private final BlobBatches batches;
    private final WorkingDirectories directories;
    private final LogBook logs;
    private final int maxFiles;

    OutputCapture(BlobStore blobs, BlobBatches batches, WorkingDirectories directories, LogBook logs, RunsConfig config) {
        this.blobs = blobs;
        this.batches = batches;
        this.directories = directories;
        this.logs = logs;
        this.maxFiles = config.limits().outputMaxFiles();
    }

    VersionResults.Capture capture(long versionId, RunDirectories dirs, boolean keepOutputs) throws IOException {
        Instant started = Instant.now();
        List<KernelVersionOutput.Row> outputs = List.of();
        boolean overLimit = false;
        if (keepOutputs) {
            OutputListing listing = directories.listOutputs(dirs.working(), maxFiles);
            overLimit = listing.overLimit();
            if (!overLimit) {
                outputs = store(versionId, dirs, listing);
            }
        }
        String notebook = storeIfPresent(dirs.platform().resolve(RunnerScripts.EXECUTED_NOTEBOOK_FILE));
        String html = storeIfPresent(dirs.platform().resolve(RunnerScripts.RENDERED_HTML_FILE));
        return new VersionResults.Capture(outputs, storeLog(versionId), notebook, html, overLimit ? maxFiles : null, started);
    }

    private List<KernelVersionOutput.Row> store(long versionId, RunDirectories dirs, OutputListing listing) {
        List<String> notes = new ArrayList<>();
        List<OutputFile> files = new ArrayList<>(listing.files().size());
        for (OutputFile file : listing.files()) {
            if (file.symlink()) {
                notes.add("symlink " + file.path() + " -> " + file.linkTarget() + " is not part of the output");
            } else {
                files.add(file);
            }
        }
        listing.skipped().forEach(skipped -> notes.add("not captured: " + skipped));
        List<BlobStore.Blob> stored = batches.storeAll(files.stream()
                .map(f -> new BlobBatches.LocalFile(directories.outputFile(dirs.working(), f), f.size())).toList());
        List<KernelVersionOutput.Row> rows = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            rows.add(new KernelVersionOutput.Row(files.get(i).path(), stored.get(i).size(), stored.get(i).sha256(),
                    files.get(i).mode()));
        }
        notes.stream().limit(NOTES_LOGGED).forEach(note -> logs.append(versionId, new LogBook.Entry("stderr", 0, "[kernelforge] " + note)));
        if (notes.size() > NOTES_LOGGED) {
            logs.append(versionId, new LogBook.Entry("stderr", 0, "[kernelforge] and " + (notes.size() - NOTES_LOGGED)
                    + " more entries of /kaggle/working were not captured (symlinks, special files, over-long paths)"));
        }
        return rows;
    }

    StoredLog storeLog(long versionId) throws IOException {
        logs.close(versionId);
        Path file = logs.file(versionId);
        if (!Files.exists(file)) {
            return StoredLog.NONE;
        }
        if (Files.size(file) <= StoredLog.INLINE_MAX_BYTES) {
            return StoredLog.inline(Files.readString(file, StandardCharsets.UTF_8));
        }
        return StoredLog.blob(blobs.store(file).sha256());
    }

    private String storeIfPresent(Path file) {
        return Files.isRegularFile(file) ? blobs.store(file).sha256() : null;
    }
}
