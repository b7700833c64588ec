package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.runs.RunnerScripts;
import org.kernelforge.runs.OutputFile;
import org.kernelforge.runs.OutputListing;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.WorkingDirectories;
import org.kernelforge.storage.BlobStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshots a finished run: every file under the working directory goes to the blob store by
 * content hash (a file unchanged since an earlier version costs no new bytes), plus the executed
 * notebook, its HTML and the log.
 */
@ApplicationScoped
class OutputCapture {

    private final BlobStore blobs;
    private final WorkingDirectories directories;
    private final LogBook logs;

    OutputCapture(BlobStore blobs, WorkingDirectories directories, LogBook logs) {
        this.blobs = blobs;
        this.directories = directories;
        this.logs = logs;
    }

    VersionResults.Capture capture(long versionId, RunDirectories dirs, boolean keepOutputs) throws IOException {
        List<KernelVersionOutput> outputs = new ArrayList<>();
        if (keepOutputs) {
            OutputListing listing = directories.listOutputs(dirs.working());
            for (OutputFile file : listing.files()) {
                if (file.symlink()) {
                    logs.append(versionId, new LogBook.Entry("stderr", 0, "[kernelforge] symlink " + file.path()
                            + " -> " + file.linkTarget() + " is not part of the output"));
                    continue;
                }
                BlobStore.Blob blob = blobs.store(dirs.working().resolve(file.path()));
                KernelVersionOutput output = new KernelVersionOutput();
                output.path = file.path();
                output.size = blob.size();
                output.sha256 = blob.sha256();
                output.mode = file.mode();
                outputs.add(output);
            }
            for (String skipped : listing.skipped()) {
                logs.append(versionId, new LogBook.Entry("stderr", 0, "[kernelforge] not captured: " + skipped));
            }
        }
        String notebook = storeIfPresent(dirs.platform().resolve(RunnerScripts.EXECUTED_NOTEBOOK_FILE));
        String html = storeIfPresent(dirs.platform().resolve(RunnerScripts.RENDERED_HTML_FILE));
        return new VersionResults.Capture(outputs, storeLog(versionId), notebook, html);
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
